"""Extract the slice of the Cognito user-pool service model that cognito-flow-wire implements.

Run through scripts/extract-model, which installs a pinned botocore first. Reads
botocore/data/cognito-idp/2016-04-18/service-2.json (botocore's loader handles the .gz it ships) and
writes a documentation-free, key-sorted fixture with one operation or shape per line:

* metadata: the protocol facts the transport depends on (target prefix, JSON version, ...);
* roots: the operations we model and the extra shapes (enums) we model without an operation needing them;
* operations: input/output shape names, error names (model order) and the effective auth list
  (the operation's own `auth`, else the service default);
* shapes: every shape reachable from those roots and from the operations' errors, with structure members
  (target shape, sensitivity), required members, enum values (model order), string/number bounds and
  patterns, list/map element shapes, and the document/exception/fault flags.
"""

import argparse
import json
import sys

import botocore
from botocore.loaders import Loader

SERVICE = "cognito-idp"
API_VERSION = "2016-04-18"

# Spec §3.1-3.27 plus the operations later SDK/emulator issues need.
OPERATIONS = [
    "InitiateAuth",
    "AdminInitiateAuth",
    "RespondToAuthChallenge",
    "AdminRespondToAuthChallenge",
    "AssociateSoftwareToken",
    "VerifySoftwareToken",
    "ConfirmDevice",
    "UpdateDeviceStatus",
    "AdminUpdateDeviceStatus",
    "ForgetDevice",
    "AdminForgetDevice",
    "GetTokensFromRefreshToken",
    "RevokeToken",
    "GlobalSignOut",
    "AdminUserGlobalSignOut",
    "StartWebAuthnRegistration",
    "CompleteWebAuthnRegistration",
    "SignUp",
    "ConfirmSignUp",
    "ForgotPassword",
    "ConfirmForgotPassword",
    "ResendConfirmationCode",
    "GetUser",
    "SetUserMFAPreference",
    "GetUserAuthFactors",
    "GetDevice",
    "ListDevices",
    "AdminGetDevice",
    "AdminListDevices",
    "AdminSetUserMFAPreference",
    "ListWebAuthnCredentials",
    "DeleteWebAuthnCredential",
]

# Enums the wire crate models for the emulator's pool/client/user configuration although no
# in-scope operation's input or output refers to them.
EXTRA_SHAPES = [
    "ExplicitAuthFlowsType",
    "PreventUserExistenceErrorTypes",
    "UserStatusType",
]

METADATA_KEYS = [
    "apiVersion",
    "auth",
    "endpointPrefix",
    "jsonVersion",
    "protocol",
    "signatureVersion",
    "targetPrefix",
]

SCALAR_KEYS = ["min", "max", "pattern", "enum", "sensitive", "document", "exception", "fault"]


def shape_refs(shape):
    for member in shape.get("members", {}).values():
        yield member["shape"]
    for key in ("member", "key", "value"):
        if key in shape:
            yield shape[key]["shape"]


def reachable(shapes, roots):
    seen = set()
    stack = list(roots)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        stack.extend(shape_refs(shapes[name]))
    return seen


def slim_shape(shapes, name):
    shape = shapes[name]
    out = {"type": shape["type"]}
    for key in SCALAR_KEYS:
        if key in shape:
            out[key] = shape[key]
    if shape["type"] == "structure":
        out["members"] = {
            member_name: {
                "target": member["shape"],
                "sensitive": bool(
                    member.get("sensitive") or shapes[member["shape"]].get("sensitive")
                ),
            }
            for member_name, member in shape["members"].items()
        }
        out["required"] = list(shape.get("required", []))
    for key in ("member", "key", "value"):
        if key in shape:
            out[key] = shape[key]["shape"]
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    model = Loader().load_service_model(SERVICE, "service-2", api_version=API_VERSION)
    shapes = model["shapes"]
    meta = model["metadata"]
    default_auth = meta.get("auth", [])

    operations = {}
    roots = list(EXTRA_SHAPES)
    for name in OPERATIONS:
        op = model["operations"][name]
        entry = {
            "input": op["input"]["shape"],
            "errors": [e["shape"] for e in op.get("errors", [])],
            "auth": op.get("auth", default_auth),
        }
        if "output" in op:
            entry["output"] = op["output"]["shape"]
        if "authtype" in op:
            entry["authtype"] = op["authtype"]
        roots.append(entry["input"])
        roots.extend(entry["errors"])
        if "output" in entry:
            roots.append(entry["output"])
        operations[name] = entry

    fixture = {
        "botocore": botocore.__version__,
        "metadata": {k: meta[k] for k in METADATA_KEYS if k in meta},
        "roots": {"operations": OPERATIONS, "extra_shapes": EXTRA_SHAPES},
        "operations": operations,
        "shapes": {name: slim_shape(shapes, name) for name in reachable(shapes, roots)},
    }

    def dump(value):
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    # Sorted and compact, but one operation/shape per line so that a model bump diffs readably.
    lines = ["{"]
    top = sorted(fixture.items())
    for i, (key, value) in enumerate(top):
        comma = "," if i + 1 < len(top) else ""
        if key in ("operations", "shapes"):
            lines.append(f"{dump(key)}:{{")
            entries = sorted(value.items())
            for j, (name, entry) in enumerate(entries):
                inner = "," if j + 1 < len(entries) else ""
                lines.append(f"{dump(name)}:{dump(entry)}{inner}")
            lines.append("}" + comma)
        else:
            lines.append(f"{dump(key)}:{dump(value)}{comma}")
    lines.append("}")
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(
        f"{len(operations)} operations, {len(fixture['shapes'])} shapes",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
