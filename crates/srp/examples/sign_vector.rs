//! Signs the fixed `PASSWORD_VERIFIER` vector of the protocol spec (§6.10) and prints every
//! value a client sends, then checks it on the server side.
//!
//! Run: `cargo run -p cognito-flow-srp --example sign_vector`

use cognito_flow_srp::{
    PrivateEphemeral, Salt, ServerChallenge, SrpClient, SrpError, SrpServer, Timestamp, Verifier,
    secret_hash,
};

const POOL: &str = "us-east-1_AbCdEf123";
const USER: &str = "testuser";
const PASSWORD: &str = "Passw0rd!";
const SALT: &str = "-6f01caa57a1b2c3d4e5f60718293a4b5";
const SECRET_BLOCK: &str = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";

fn main() -> Result<(), SrpError> {
    // The server side (what the emulator does): a stored verifier, then B for this client's A.
    let verifier = Verifier::new(POOL, USER, PASSWORD, Salt::parse_hex(SALT)?)?;
    let client = SrpClient::new(PrivateEphemeral::from_be_bytes(&[0xa1; 32])?);
    let server = SrpServer::new(
        &verifier,
        client.srp_a(),
        PrivateEphemeral::from_be_bytes(&[0xb2; 32])?,
    )?;

    println!("InitiateAuth  USER_SRP_AUTH");
    println!("  USERNAME  {USER}");
    println!("  SRP_A     {}…", &client.srp_a()[..32]);
    println!("PASSWORD_VERIFIER challenge");
    println!("  SALT      {SALT}  (negative: Java BigInteger, spec §6.2)");
    println!("  SRP_B     {}…", &server.srp_b()[..32]);
    println!("  SECRET_BLOCK {SECRET_BLOCK}");

    let challenge = ServerChallenge::parse(SALT, server.srp_b(), SECRET_BLOCK)?;
    let now = Timestamp::from_unix_seconds(1_709_622_249);
    let claim = client.password_claim(POOL, USER, PASSWORD, &challenge, &now)?;
    println!("RespondToAuthChallenge PASSWORD_VERIFIER");
    println!("  USERNAME                    {USER}");
    println!("  TIMESTAMP                   {}", claim.timestamp());
    println!("  PASSWORD_CLAIM_SIGNATURE    {}", claim.signature());
    println!("  PASSWORD_CLAIM_SECRET_BLOCK {}", claim.secret_block());
    println!(
        "  SECRET_HASH (client secret `1example23456789secretabcdefghijklmnop`) {}",
        secret_hash(
            USER,
            "1example23456789",
            "1example23456789secretabcdefghijklmnop"
        )
    );

    let block: Vec<u8> = (1..=32).collect();
    server.verify_password_claim(POOL, USER, &block, &now, claim.signature())?;
    println!("server: the claim verifies (expected sYhGwRlSubafvLJa7ai6k8NMA1yV+lhXWJDXCyRp7rA=)");
    Ok(())
}
