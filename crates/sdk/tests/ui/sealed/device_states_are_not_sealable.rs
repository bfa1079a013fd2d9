// E0277: the device SRP states are not `Sealable`: `DevicePasswordVerifier` holds the
// device's SRP secret ephemeral `a`, and `DeviceSrpAuth` is answered by the SDK itself.

use cognito_flow::{DevicePasswordVerifier, DeviceSrpAuth, Sealable};

fn sealable<S: Sealable>() {}

fn main() {
    sealable::<DevicePasswordVerifier>();
    sealable::<DeviceSrpAuth>();
}
