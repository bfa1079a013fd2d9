//! Endpoint resolution (spec §1.1): region from the user pool id, the regional or FIPS
//! host, or a verbatim override.

use crate::Error;

/// Where requests go and which region signs them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Endpoint {
    /// The full URL requests are POSTed to.
    pub(crate) url: String,
    /// The pool's region: SigV4 signing region.
    pub(crate) region: String,
}

/// The part of a user pool id before the first `_` (`us-east-1_AbCdEf123` → `us-east-1`).
pub(crate) fn region_from_user_pool_id(user_pool_id: &str) -> Result<&str, Error> {
    match user_pool_id.split_once('_') {
        Some((region, pool)) if !pool.is_empty() => check_region(region),
        _ => Err(Error::config(
            "user pool id must look like `<region>_<id>`, e.g. `us-east-1_AbCdEf123`",
        )),
    }
}

/// A region is lower-case ASCII letters, digits and dashes: it becomes part of a host name.
fn check_region(region: &str) -> Result<&str, Error> {
    let valid = !region.is_empty()
        && !region.starts_with('-')
        && !region.ends_with('-')
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if valid {
        Ok(region)
    } else {
        Err(Error::config(format!(
            "`{region}` is not a valid AWS region name"
        )))
    }
}

/// Resolves the endpoint from the builder's settings.
pub(crate) fn resolve(
    user_pool_id: &str,
    region: Option<&str>,
    endpoint_url: Option<&str>,
    fips: bool,
) -> Result<Endpoint, Error> {
    let pool_region = region_from_user_pool_id(user_pool_id)?;
    let region = match region {
        Some(region) => {
            let region = check_region(region)?;
            if region != pool_region {
                return Err(Error::config(format!(
                    "region `{region}` does not match the user pool's region `{pool_region}`"
                )));
            }
            region
        }
        None => pool_region,
    };
    let url = match endpoint_url {
        Some(_) if fips => {
            return Err(Error::config(
                "FIPS cannot be combined with an endpoint override",
            ));
        }
        Some(url) => check_url(url)?.to_owned(),
        None => default_url(region, fips),
    };
    Ok(Endpoint {
        url,
        region: region.to_owned(),
    })
}

/// `https://cognito-idp[-fips].{region}.{dnsSuffix}/`: `amazonaws.com.cn` for the China
/// partition (`cn-*` regions), `amazonaws.com` otherwise. Other partitions need an
/// endpoint override.
fn default_url(region: &str, fips: bool) -> String {
    let service = if fips {
        "cognito-idp-fips"
    } else {
        "cognito-idp"
    };
    let suffix = if region.starts_with("cn-") {
        "amazonaws.com.cn"
    } else {
        "amazonaws.com"
    };
    format!("https://{service}.{region}.{suffix}/")
}

/// An override is used verbatim; it only has to be an absolute http(s) URL with a host
/// (and no user info: credentials do not belong in a URL).
fn check_url(url: &str) -> Result<&str, Error> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let authority = rest.and_then(|rest| rest.split(['/', '?', '#']).next());
    match authority {
        Some(authority)
            if !authority.is_empty()
                && !authority.starts_with(':')
                && !authority.contains('@')
                && !url.contains(|c: char| c.is_whitespace() || c.is_control()) =>
        {
            Ok(url)
        }
        _ => Err(Error::config(
            "endpoint URL must be an absolute http:// or https:// URL with a host",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn region_comes_from_the_pool_id() {
        assert_eq!(
            region_from_user_pool_id("us-east-1_AbCdEf123").ok(),
            Some("us-east-1")
        );
        assert_eq!(
            region_from_user_pool_id("eu-west-2_x").ok(),
            Some("eu-west-2")
        );
        for bad in [
            "",
            "us-east-1",
            "us-east-1_",
            "_abc",
            "US-EAST-1_abc",
            "us east_1",
            "a.b_c",
        ] {
            let err = region_from_user_pool_id(bad).err();
            assert_eq!(err.map(|e| e.kind()), Some(ErrorKind::Config), "{bad:?}");
        }
    }

    #[test]
    fn default_endpoints() {
        let e = resolve("us-east-1_AbC", None, None, false).ok();
        assert_eq!(
            e.map(|e| (e.url, e.region)),
            Some((
                "https://cognito-idp.us-east-1.amazonaws.com/".to_owned(),
                "us-east-1".to_owned()
            ))
        );
        let e = resolve("cn-north-1_AbC", None, None, false)
            .ok()
            .map(|e| e.url);
        assert_eq!(
            e.as_deref(),
            Some("https://cognito-idp.cn-north-1.amazonaws.com.cn/")
        );
        let e = resolve("us-west-2_AbC", None, None, true)
            .ok()
            .map(|e| e.url);
        assert_eq!(
            e.as_deref(),
            Some("https://cognito-idp-fips.us-west-2.amazonaws.com/")
        );
    }

    #[test]
    fn explicit_region_must_match_the_pool() {
        assert!(resolve("us-east-1_AbC", Some("us-east-1"), None, false).is_ok());
        let err = resolve("us-east-1_AbC", Some("eu-west-1"), None, false).err();
        assert_eq!(err.map(|e| e.kind()), Some(ErrorKind::Config));
    }

    #[test]
    fn override_is_verbatim() {
        let e = resolve("us-east-1_AbC", None, Some("http://127.0.0.1:9229"), false).ok();
        assert_eq!(
            e.map(|e| (e.url, e.region)),
            Some(("http://127.0.0.1:9229".to_owned(), "us-east-1".to_owned()))
        );
        for bad in [
            "127.0.0.1:9229",
            "ftp://x",
            "http://",
            "https:///x",
            "http://a b",
            "http://:80",
            "http://?x",
            "http://user:pw@host",
        ] {
            assert!(
                resolve("us-east-1_AbC", None, Some(bad), false).is_err(),
                "{bad}"
            );
        }
        assert!(resolve("us-east-1_AbC", None, Some("https://vpce.example"), true).is_err());
    }
}
