//! Checks every wire type against AWS's service model (`tests/fixtures/model.json`, written by
//! `scripts/extract-model` from botocore's `cognito-idp` `service-2.json`).
//!
//! The samples are generated from the model, not from our types: for each shape, a "full" JSON value
//! (every member, every list and map non-empty) and a "minimal" one (required members only). Each
//! operation's request and response type must then
//!
//! * decode the full sample and re-encode it to exactly the same JSON (a member we renamed or dropped
//!   goes missing on the way back), with no `Option` left `None` in its `Debug` output (a field the model
//!   does not have stays `None`);
//! * do the same for the minimal sample (nothing extra is emitted), and fail to decode when any one
//!   required member, at any depth, is removed (a required member we made optional is caught);
//! * redact in `Debug` every string under a member the model marks `sensitive`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;

use cognito_flow_wire as wire;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use wire::{Operation, Request};

const MODEL: &str = include_str!("fixtures/model.json");

/// Members we redact although the model does not mark them `sensitive` (`ConfirmationCodeType` is
/// a one-time code that confirms an account or resets a password).
const EXTRA_REDACTED: &[&str] = &["ConfirmationCode"];

struct Model {
    root: Value,
}

impl Model {
    fn load() -> Self {
        Self {
            root: serde_json::from_str(MODEL).expect("fixture is JSON"),
        }
    }

    fn shape(&self, name: &str) -> &Value {
        &self.root["shapes"][name]
    }

    fn operations(&self) -> &Map<String, Value> {
        self.root["operations"].as_object().expect("operations")
    }

    fn operation(&self, name: &str) -> &Value {
        let op = &self.root["operations"][name];
        assert!(op.is_object(), "{name} is not in the fixture");
        op
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Full,
    Minimal,
}

/// A string value placed in a sample, and where.
struct Canary {
    text: String,
    path: String,
    sensitive: bool,
}

/// Builds samples from the model, recording every string it writes.
struct Sampler<'m> {
    model: &'m Model,
    canaries: Vec<Canary>,
}

impl<'m> Sampler<'m> {
    fn new(model: &'m Model) -> Self {
        Self {
            model,
            canaries: Vec::new(),
        }
    }

    fn canary(&mut self, path: &str, sensitive: bool) -> Value {
        // Fixed width, so no canary is a substring of another.
        let text = format!("cnry{:05}q", self.canaries.len());
        self.canaries.push(Canary {
            text: text.clone(),
            path: path.to_owned(),
            sensitive,
        });
        Value::String(text)
    }

    fn sample(&mut self, shape_name: &str, mode: Mode, path: &str, sensitive: bool) -> Value {
        let shape = self.model.shape(shape_name).clone();
        let sensitive = sensitive || shape["sensitive"] == json!(true);
        match shape["type"].as_str().expect("shape type") {
            "structure" if shape["document"] == json!(true) => {
                json!({"doc": [1, "two", {"three": true}], "n": null})
            }
            "structure" => {
                let required: BTreeSet<&str> = shape["required"]
                    .as_array()
                    .expect("required")
                    .iter()
                    .filter_map(Value::as_str)
                    .collect();
                let mut out = Map::new();
                for (member, spec) in shape["members"].as_object().expect("members") {
                    if mode == Mode::Minimal && !required.contains(member.as_str()) {
                        continue;
                    }
                    let target = spec["target"].as_str().expect("target");
                    let member_sensitive = sensitive || spec["sensitive"] == json!(true);
                    let value =
                        self.sample(target, mode, &format!("{path}.{member}"), member_sensitive);
                    out.insert(member.clone(), value);
                }
                Value::Object(out)
            }
            "string" => match shape["enum"].as_array() {
                // The last value: `RevokeAssociatedSessions::None` would spoil the `: None` check.
                Some(values) => values.last().expect("enum values").clone(),
                None => self.canary(path, sensitive),
            },
            "list" => {
                let member = shape["member"].as_str().expect("list member");
                Value::Array(vec![self.sample(
                    member,
                    mode,
                    &format!("{path}[]"),
                    sensitive,
                )])
            }
            "map" => {
                let key = self.canary(&format!("{path}{{key}}"), sensitive);
                let value_shape = shape["value"].as_str().expect("map value");
                let value = self.sample(value_shape, mode, &format!("{path}{{}}"), sensitive);
                let mut out = Map::new();
                out.insert(key.as_str().expect("key").to_owned(), value);
                Value::Object(out)
            }
            "integer" | "long" => json!(7),
            "boolean" => json!(true),
            "timestamp" => json!(1_700_000_000.25),
            other => panic!("{path}: shape type {other} is not handled by the sampler"),
        }
    }
}

/// Paths (as JSON pointers) to every object in `value` that stands for a structure shape, with the
/// shape name, so required members can be removed one at a time at any depth.
fn structure_pointers(
    model: &Model,
    shape_name: &str,
    value: &Value,
    pointer: String,
    out: &mut Vec<(String, String)>,
) {
    let shape = model.shape(shape_name);
    match shape["type"].as_str() {
        Some("structure") if shape["document"] != json!(true) => {
            out.push((pointer.clone(), shape_name.to_owned()));
            for (member, spec) in shape["members"].as_object().expect("members") {
                if let Some(child) = value.get(member) {
                    let target = spec["target"].as_str().expect("target");
                    structure_pointers(model, target, child, format!("{pointer}/{member}"), out);
                }
            }
        }
        Some("list") => {
            let member = shape["member"].as_str().expect("member");
            for (i, child) in value.as_array().into_iter().flatten().enumerate() {
                structure_pointers(model, member, child, format!("{pointer}/{i}"), out);
            }
        }
        Some("map") => {
            let value_shape = shape["value"].as_str().expect("value");
            for (key, child) in value.as_object().into_iter().flatten() {
                structure_pointers(model, value_shape, child, format!("{pointer}/{key}"), out);
            }
        }
        _ => {}
    }
}

/// Decodes `sample` as `T` through the public entry point, re-encodes it, and returns the result and
/// its `Debug` text.
fn round_trip<T: DeserializeOwned + Serialize + Debug>(
    what: &str,
    sample: &Value,
) -> (Value, String) {
    let bytes = serde_json::to_vec(sample).expect("sample encodes");
    let decoded: T = match wire::decode_response(&bytes) {
        Ok(v) => v,
        Err(e) => panic!(
            "{what}: does not decode its model sample: {e}: {:?}\n{sample:#}",
            std::error::Error::source(&e)
        ),
    };
    let debug = format!("{decoded:?}");
    (serde_json::to_value(&decoded).expect("re-encodes"), debug)
}

/// All checks for one structure shape and the Rust type standing for it.
fn check_shape<T: DeserializeOwned + Serialize + Debug>(
    model: &Model,
    type_name: &str,
    shape_name: &str,
) {
    let what = format!("{type_name} ({shape_name})");

    // Full sample: exact round trip, no unset field, sensitive strings redacted.
    let mut sampler = Sampler::new(model);
    let full = sampler.sample(shape_name, Mode::Full, shape_name, false);
    let (again, debug) = round_trip::<T>(&what, &full);
    assert_eq!(
        again, full,
        "{what}: full sample does not round-trip (left: ours, right: model)"
    );
    assert!(
        !debug.contains(": None"),
        "{what}: a field is not in the model (still None): {debug}"
    );
    for canary in &sampler.canaries {
        let shown = debug.contains(&canary.text);
        let extra = EXTRA_REDACTED
            .iter()
            .any(|m| canary.path.ends_with(&format!(".{m}")));
        if canary.sensitive {
            assert!(
                !shown,
                "{what}: sensitive {} is visible in Debug: {debug}",
                canary.path
            );
        } else if !extra {
            assert!(
                shown,
                "{what}: {} is redacted but not sensitive in the model: {debug}",
                canary.path
            );
        } else {
            assert!(
                !shown,
                "{what}: {} should be redacted: {debug}",
                canary.path
            );
        }
    }

    // Minimal sample: exact round trip (nothing extra emitted).
    let minimal = Sampler::new(model).sample(shape_name, Mode::Minimal, shape_name, false);
    let (again, _) = round_trip::<T>(&what, &minimal);
    assert_eq!(again, minimal, "{what}: minimal sample does not round-trip");

    // Every required member, at every depth of the full sample, is required by our type.
    let mut pointers = Vec::new();
    structure_pointers(model, shape_name, &full, String::new(), &mut pointers);
    for (pointer, nested) in pointers {
        for required in model.shape(&nested)["required"]
            .as_array()
            .expect("required")
        {
            let required = required.as_str().expect("name");
            let mut broken = full.clone();
            broken
                .pointer_mut(&pointer)
                .and_then(Value::as_object_mut)
                .expect("structure object")
                .remove(required);
            let bytes = serde_json::to_vec(&broken).expect("encodes");
            assert!(
                wire::decode_response::<T>(&bytes).is_err(),
                "{what}: decodes without required member {pointer}/{required}"
            );
        }
    }
}

struct Checked(BTreeSet<&'static str>);

impl Checked {
    fn op<R>(&mut self, model: &Model)
    where
        R: Request + DeserializeOwned + Debug,
        R::Response: Serialize + Debug,
    {
        let op = R::OPERATION;
        assert!(self.0.insert(op.name()), "{} checked twice", op.name());
        let spec = model.operation(op.name());
        let input = spec["input"].as_str().expect("input");
        check_shape::<R>(model, std::any::type_name::<R>(), input);
        match spec["output"].as_str() {
            Some(output) => {
                check_shape::<R::Response>(model, std::any::type_name::<R::Response>(), output)
            }
            None => {
                // No output shape: the response type must be empty both ways.
                let from_empty: R::Response = wire::decode_response(b"").expect("empty body");
                let from_braces: R::Response = wire::decode_response(b"{}").expect("{} body");
                assert_eq!(
                    serde_json::to_value(&from_empty).expect("encodes"),
                    json!({})
                );
                assert_eq!(
                    serde_json::to_value(&from_braces).expect("encodes"),
                    json!({})
                );
            }
        }
    }
}

#[test]
fn every_operation_matches_the_model() {
    let model = Model::load();
    let mut c = Checked(BTreeSet::new());
    c.op::<wire::InitiateAuthRequest>(&model);
    c.op::<wire::AdminInitiateAuthRequest>(&model);
    c.op::<wire::RespondToAuthChallengeRequest>(&model);
    c.op::<wire::AdminRespondToAuthChallengeRequest>(&model);
    c.op::<wire::AssociateSoftwareTokenRequest>(&model);
    c.op::<wire::VerifySoftwareTokenRequest>(&model);
    c.op::<wire::ConfirmDeviceRequest>(&model);
    c.op::<wire::UpdateDeviceStatusRequest>(&model);
    c.op::<wire::AdminUpdateDeviceStatusRequest>(&model);
    c.op::<wire::ForgetDeviceRequest>(&model);
    c.op::<wire::AdminForgetDeviceRequest>(&model);
    c.op::<wire::GetTokensFromRefreshTokenRequest>(&model);
    c.op::<wire::RevokeTokenRequest>(&model);
    c.op::<wire::GlobalSignOutRequest>(&model);
    c.op::<wire::AdminUserGlobalSignOutRequest>(&model);
    c.op::<wire::StartWebAuthnRegistrationRequest>(&model);
    c.op::<wire::CompleteWebAuthnRegistrationRequest>(&model);
    c.op::<wire::SignUpRequest>(&model);
    c.op::<wire::ConfirmSignUpRequest>(&model);
    c.op::<wire::ForgotPasswordRequest>(&model);
    c.op::<wire::ConfirmForgotPasswordRequest>(&model);
    c.op::<wire::ResendConfirmationCodeRequest>(&model);
    c.op::<wire::GetUserRequest>(&model);
    c.op::<wire::SetUserMFAPreferenceRequest>(&model);
    c.op::<wire::GetUserAuthFactorsRequest>(&model);
    c.op::<wire::GetDeviceRequest>(&model);
    c.op::<wire::ListDevicesRequest>(&model);
    c.op::<wire::AdminGetDeviceRequest>(&model);
    c.op::<wire::AdminListDevicesRequest>(&model);
    c.op::<wire::AdminSetUserMFAPreferenceRequest>(&model);
    c.op::<wire::ListWebAuthnCredentialsRequest>(&model);
    c.op::<wire::DeleteWebAuthnCredentialRequest>(&model);

    let in_fixture: BTreeSet<&str> = model.operations().keys().map(String::as_str).collect();
    let in_enum: BTreeSet<&str> = Operation::ALL.iter().map(|op| op.name()).collect();
    assert_eq!(
        c.0, in_fixture,
        "operations checked vs. operations in the fixture"
    );
    assert_eq!(
        in_enum, in_fixture,
        "Operation::ALL vs. operations in the fixture"
    );
}

#[test]
fn targets_and_auth_match_the_model() {
    let model = Model::load();
    let meta = &model.root["metadata"];
    assert_eq!(meta["targetPrefix"], wire::TARGET_PREFIX);
    assert_eq!(meta["protocol"], "json");
    assert_eq!(meta["jsonVersion"], "1.1");
    for op in Operation::ALL {
        let spec = model.operation(op.name());
        assert_eq!(
            op.target(),
            format!("{}.{}", wire::TARGET_PREFIX, op.name())
        );
        assert_eq!(Operation::from_target(op.target()), Some(*op));
        let no_auth = spec["auth"]
            .as_array()
            .expect("auth")
            .iter()
            .any(|a| a == "smithy.api#noAuth");
        assert_eq!(
            op.is_admin(),
            !no_auth,
            "{}: is_admin vs. model auth",
            op.name()
        );
    }
}

#[test]
fn enums_match_the_model() {
    let model = Model::load();
    let ours: BTreeMap<&str, &[&str]> = BTreeMap::from([
        ("AuthFlowType", wire::AuthFlow::KNOWN),
        ("ChallengeNameType", wire::ChallengeName::KNOWN),
        ("AuthFactorType", wire::AuthFactorType::KNOWN),
        ("DeliveryMediumType", wire::DeliveryMedium::KNOWN),
        (
            "DeviceRememberedStatusType",
            wire::DeviceRememberedStatus::KNOWN,
        ),
        (
            "VerifySoftwareTokenResponseType",
            wire::VerifySoftwareTokenStatus::KNOWN,
        ),
        (
            "RevokeAssociatedSessionsType",
            wire::RevokeAssociatedSessions::KNOWN,
        ),
        ("UserStatusType", wire::UserStatus::KNOWN),
        ("ExplicitAuthFlowsType", wire::ExplicitAuthFlow::KNOWN),
        (
            "PreventUserExistenceErrorTypes",
            wire::PreventUserExistenceErrors::KNOWN,
        ),
    ]);
    let in_fixture: BTreeMap<&str, Vec<&str>> = model.root["shapes"]
        .as_object()
        .expect("shapes")
        .iter()
        .filter_map(|(name, shape)| {
            let values = shape["enum"].as_array()?;
            Some((
                name.as_str(),
                values.iter().filter_map(Value::as_str).collect(),
            ))
        })
        .collect();
    assert_eq!(
        ours.keys().collect::<Vec<_>>(),
        in_fixture.keys().collect::<Vec<_>>(),
        "every enum shape of the fixture has exactly one Rust enum"
    );
    for (shape, values) in &in_fixture {
        assert_eq!(
            ours[shape],
            values.as_slice(),
            "{shape}: KNOWN vs. model (order matters)"
        );
    }
}

#[test]
fn error_shapes_fit_the_envelope() {
    let model = Model::load();
    let mut errors = BTreeSet::new();
    for op in model.operations().values() {
        errors.extend(
            op["errors"]
                .as_array()
                .expect("errors")
                .iter()
                .filter_map(Value::as_str),
        );
    }
    assert!(errors.contains("NotAuthorizedException"));
    for name in errors {
        let shape = model.shape(name);
        assert_eq!(shape["exception"], json!(true), "{name}");
        let mut body = Map::new();
        body.insert("__type".to_owned(), json!(name));
        for member in shape["members"].as_object().expect("members").keys() {
            match member.as_str() {
                "message" => body.insert(member.clone(), json!("the message")),
                "reasonCode" => body.insert(member.clone(), json!("THE_REASON")),
                other => panic!("{name}: member {other} is not read by ErrorEnvelope"),
            };
        }
        let bytes = serde_json::to_vec(&body).expect("encodes");
        let envelope = wire::ErrorEnvelope::decode(None, None, &bytes).expect("decodes");
        assert_eq!(envelope.code(), name);
        assert_eq!(
            envelope.message().is_some(),
            body.contains_key("message"),
            "{name}"
        );
        assert_eq!(
            envelope.reason_code().is_some(),
            body.contains_key("reasonCode"),
            "{name}"
        );
    }
}
