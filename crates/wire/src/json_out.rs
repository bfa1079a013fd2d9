//! A tiny JSON object writer for the crate's encoders.
//!
//! It writes members in the order they are added, whatever `serde_json::Map`'s ordering is in a given
//! build (`preserve_order` may be switched on by another crate through feature unification), and it
//! cannot fail, unlike `serde_json::to_string`.

use serde_json::Value;

/// `s` as a JSON string literal, escaped.
pub(crate) fn quoted(s: &str) -> String {
    Value::from(s).to_string()
}

/// A JSON array of the given already-encoded elements.
pub(crate) fn array<I: IntoIterator<Item = String>>(elements: I) -> String {
    let mut out = String::from("[");
    for (i, element) in elements.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&element);
    }
    out.push(']');
    out
}

/// Builds `{"a":...,"b":...}` member by member.
pub(crate) struct JsonObject {
    out: String,
    empty: bool,
}

impl JsonObject {
    pub(crate) fn new() -> Self {
        Self {
            out: String::from("{"),
            empty: true,
        }
    }

    /// Adds a member whose value is already JSON text.
    pub(crate) fn raw(&mut self, name: &str, json: &str) -> &mut Self {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        self.out.push_str(&quoted(name));
        self.out.push(':');
        self.out.push_str(json);
        self
    }

    /// Adds a string member.
    pub(crate) fn string(&mut self, name: &str, value: &str) -> &mut Self {
        self.raw(name, &quoted(value))
    }

    pub(crate) fn finish(mut self) -> String {
        self.out.push('}');
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_in_insertion_order_with_escaping() {
        let mut obj = JsonObject::new();
        obj.string("z", "a\"b").raw("a", "[1]");
        assert_eq!(obj.finish(), r#"{"z":"a\"b","a":[1]}"#);
        assert_eq!(JsonObject::new().finish(), "{}");
        assert_eq!(array(Vec::new()), "[]");
        assert_eq!(array([quoted("x"), "2".to_owned()]), r#"["x",2]"#);
    }
}
