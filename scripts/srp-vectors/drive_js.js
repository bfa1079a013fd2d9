#!/usr/bin/env node
// Runs the real amazon-cognito-identity-js client on the inputs from make_inputs.py (part of
// scripts/gen-srp-vectors). Nothing here talks to the network:
//   * CognitoUserPool's client.request is replaced by an in-process fake that answers with canned
//     challenges and records the request the client would have sent;
//   * the client's random source (crypto.getRandomValues, read through its WordArray helper) is fed
//     from a queue of bytes we chose, so `a`, the device password and the device salt are ours;
//   * the global Date is replaced so DateHelper.getNowString() sees the chosen instant.
// Usage: NODE_PATH=<dir>/node_modules node drive_js.js INPUTS.json OUT.json

'use strict';

const fs = require('fs');

// ---- fixed randomness -------------------------------------------------------------------------------------
let randomQueue = Buffer.alloc(0);
let randomPos = 0;
const webcrypto = globalThis.crypto;
if (!webcrypto || typeof webcrypto.getRandomValues !== 'function') {
	throw new Error('globalThis.crypto.getRandomValues missing: need Node >= 19');
}
webcrypto.getRandomValues = function fixedRandomValues(array) {
	if (!(array instanceof Uint32Array)) {
		throw new Error('unexpected getRandomValues argument: ' + Object.prototype.toString.call(array));
	}
	for (let i = 0; i < array.length; i++) {
		if (randomPos + 4 > randomQueue.length) {
			throw new Error('the client drew more random bytes than the driver queued');
		}
		// WordArray turns each 32-bit word into bytes big-endian.
		array[i] = randomQueue.readUInt32BE(randomPos);
		randomPos += 4;
	}
	return array;
};
function queueRandom(...hexParts) {
	randomQueue = Buffer.concat(hexParts.map(h => Buffer.from(h, 'hex')));
	randomPos = 0;
}
function assertRandomConsumed(name) {
	if (randomPos !== randomQueue.length) {
		throw new Error(`${name}: client drew ${randomPos} of ${randomQueue.length} queued random bytes`);
	}
}
// The client draws `a` as 128 random bytes; a shorter `a` is fed as 128 bytes with leading zeros.
function a128(aHex) {
	if (aHex.length > 256) throw new Error('a longer than 128 bytes');
	return aHex.padStart(256, '0');
}

// ---- fixed clock ------------------------------------------------------------------------------------------
const RealDate = Date;
let fixedMs = null;
class FixedDate extends RealDate {
	constructor(...args) {
		if (args.length === 0) {
			if (fixedMs === null) throw new Error('clock read while no time is fixed');
			super(fixedMs);
		} else {
			super(...args);
		}
	}
	static now() {
		if (fixedMs === null) throw new Error('clock read while no time is fixed');
		return fixedMs;
	}
}
globalThis.Date = FixedDate;

// ---- the library ------------------------------------------------------------------------------------------
const lib = require('amazon-cognito-identity-js');
const BigInteger = require('amazon-cognito-identity-js/lib/BigInteger').default;
const { AuthenticationDetails, AuthenticationHelper, CognitoUser, CognitoUserPool, DateHelper } = lib;
const libVersion = require('amazon-cognito-identity-js/package.json').version;

const CLIENT_ID = '1example23456789abcdefghij';

function memoryStorage() {
	const m = new Map();
	return {
		setItem: (k, v) => m.set(k, String(v)),
		getItem: k => (m.has(k) ? m.get(k) : null),
		removeItem: k => m.delete(k),
		clear: () => m.clear(),
	};
}

function fakeJwt(payload) {
	const enc = o => Buffer.from(JSON.stringify(o)).toString('base64url');
	return `${enc({ alg: 'none' })}.${enc(payload)}.sig`;
}

class DriverStop extends Error {
	constructor() {
		super('driver stop');
		this.code = 'DriverStop';
	}
}

// Runs one sign-in. `script` maps each expected request (in order) to the canned answer; the last
// answer may be DriverStop (an error the client hands to onFailure). Resolves with the recorded calls.
function runSignIn(v, storage, script) {
	return new Promise((resolve, reject) => {
		const calls = [];
		const pool = new CognitoUserPool({ UserPoolId: v.pool_id, ClientId: CLIENT_ID, Storage: storage });
		pool.client.request = (op, params, cb) => {
			const step = script[calls.length];
			calls.push({ op, params: JSON.parse(JSON.stringify(params)) });
			if (!step || step.op !== op) {
				reject(new Error(`${v.name}: unexpected request ${op} (call #${calls.length})`));
				return;
			}
			if (step.stop) {
				cb(new DriverStop(), null);
			} else {
				cb(null, step.answer);
			}
		};
		pool.client.requestWithRetry = () => reject(new Error('unexpected requestWithRetry'));
		const user = new CognitoUser({ Username: v.username, Pool: pool, Storage: storage });
		const details = new AuthenticationDetails({ Username: v.username, Password: v.password });
		const fail = what => () => reject(new Error(`${v.name}: unexpected callback ${what}`));
		user.authenticateUser(details, {
			onSuccess: () => resolve({ calls, user }),
			onFailure: err => (err instanceof DriverStop ? resolve({ calls, user }) : reject(err)),
			newPasswordRequired: fail('newPasswordRequired'),
			mfaRequired: fail('mfaRequired'),
			totpRequired: fail('totpRequired'),
			customChallenge: fail('customChallenge'),
			mfaSetup: fail('mfaSetup'),
			selectMFAType: fail('selectMFAType'),
		});
	});
}

function passwordVerifierChallenge(userId, salt, srpB, block) {
	return {
		ChallengeName: 'PASSWORD_VERIFIER',
		ChallengeParameters: { SALT: salt, SRP_B: srpB, SECRET_BLOCK: block, USER_ID_FOR_SRP: userId, USERNAME: userId },
	};
}

function check(cond, msg) {
	if (!cond) throw new Error(msg);
}

async function userSrp(v) {
	queueRandom(a128(v.a));
	fixedMs = v.epoch_seconds * 1000;
	const { calls } = await runSignIn(v, memoryStorage(), [
		{ op: 'InitiateAuth', answer: passwordVerifierChallenge(v.user_id_for_srp, v.salt, v.srp_b, v.secret_block) },
		{ op: 'RespondToAuthChallenge', stop: true },
	]);
	fixedMs = null;
	assertRandomConsumed(v.name);
	const init = calls[0].params;
	const resp = calls[1].params;
	check(init.AuthFlow === 'USER_SRP_AUTH' && init.AuthParameters.USERNAME === v.username, `${v.name}: InitiateAuth`);
	const cr = resp.ChallengeResponses;
	check(resp.ChallengeName === 'PASSWORD_VERIFIER', `${v.name}: challenge name`);
	check(cr.USERNAME === v.user_id_for_srp, `${v.name}: USERNAME ${cr.USERNAME}`);
	check(cr.PASSWORD_CLAIM_SECRET_BLOCK === v.secret_block, `${v.name}: secret block not echoed`);
	return {
		name: v.name,
		srp_a: init.AuthParameters.SRP_A,
		timestamp: cr.TIMESTAMP,
		signature: cr.PASSWORD_CLAIM_SIGNATURE,
	};
}

// Full remembered-device sign-in: USER_SRP_AUTH (with DEVICE_KEY from storage) -> PASSWORD_VERIFIER ->
// DEVICE_SRP_AUTH -> DEVICE_PASSWORD_VERIFIER (captured).
async function deviceSrp(v) {
	const storage = memoryStorage();
	const prefix = `CognitoIdentityServiceProvider.${CLIENT_ID}.${v.user_id_for_srp}`;
	storage.setItem(`${prefix}.deviceKey`, v.device_key);
	storage.setItem(`${prefix}.randomPasswordKey`, v.device_password);
	storage.setItem(`${prefix}.deviceGroupKey`, v.device_group_key);
	queueRandom(a128(v.user_a), a128(v.a)); // user-step helper first, then the device-step helper
	fixedMs = v.epoch_seconds * 1000;
	const { calls } = await runSignIn(v, storage, [
		{
			op: 'InitiateAuth',
			answer: passwordVerifierChallenge(v.user_id_for_srp, v.user_salt, v.user_srp_b, v.user_secret_block),
		},
		{ op: 'RespondToAuthChallenge', answer: { ChallengeName: 'DEVICE_SRP_AUTH', Session: 'session-1' } },
		{
			op: 'RespondToAuthChallenge',
			answer: {
				ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
				Session: 'session-2',
				ChallengeParameters: {
					SALT: v.salt, SRP_B: v.srp_b, SECRET_BLOCK: v.secret_block, USERNAME: v.user_id_for_srp,
				},
			},
		},
		{ op: 'RespondToAuthChallenge', stop: true },
	]);
	fixedMs = null;
	assertRandomConsumed(v.name);
	const pv = calls[1].params;
	check(pv.ChallengeName === 'PASSWORD_VERIFIER' && pv.ChallengeResponses.DEVICE_KEY === v.device_key,
		`${v.name}: PASSWORD_VERIFIER without DEVICE_KEY`);
	const ds = calls[2].params;
	check(ds.ChallengeName === 'DEVICE_SRP_AUTH' && ds.ChallengeResponses.DEVICE_KEY === v.device_key,
		`${v.name}: DEVICE_SRP_AUTH`);
	const dv = calls[3].params;
	const cr = dv.ChallengeResponses;
	check(dv.ChallengeName === 'DEVICE_PASSWORD_VERIFIER', `${v.name}: DEVICE_PASSWORD_VERIFIER`);
	check(cr.DEVICE_KEY === v.device_key && cr.PASSWORD_CLAIM_SECRET_BLOCK === v.secret_block,
		`${v.name}: device response`);
	return {
		name: v.name,
		srp_a: ds.ChallengeResponses.SRP_A,
		timestamp: cr.TIMESTAMP,
		signature: cr.PASSWORD_CLAIM_SIGNATURE,
	};
}

// Sign-in that returns NewDeviceMetadata -> the client generates the device verifier -> ConfirmDevice (captured).
async function deviceVerifier(v) {
	const storage = memoryStorage();
	queueRandom(a128(v.user_a), v.password_bytes, v.salt_bytes);
	fixedMs = v.epoch_seconds * 1000;
	const exp = v.epoch_seconds + 3600;
	const { calls } = await runSignIn(v, storage, [
		{
			op: 'InitiateAuth',
			answer: passwordVerifierChallenge(v.user_id_for_srp, v.user_salt, v.user_srp_b, v.user_secret_block),
		},
		{
			op: 'RespondToAuthChallenge',
			answer: {
				AuthenticationResult: {
					AccessToken: fakeJwt({ exp, iat: v.epoch_seconds, username: v.user_id_for_srp }),
					IdToken: fakeJwt({ exp, iat: v.epoch_seconds }),
					RefreshToken: 'refresh-token',
					ExpiresIn: 3600,
					TokenType: 'Bearer',
					NewDeviceMetadata: { DeviceKey: v.device_key, DeviceGroupKey: v.device_group_key },
				},
			},
		},
		{ op: 'ConfirmDevice', answer: { UserConfirmationNecessary: false } },
	]);
	fixedMs = null;
	assertRandomConsumed(v.name);
	const cd = calls[2].params;
	check(cd.DeviceKey === v.device_key, `${v.name}: ConfirmDevice DeviceKey`);
	const prefix = `CognitoIdentityServiceProvider.${CLIENT_ID}.${v.user_id_for_srp}`;
	const storedPassword = storage.getItem(`${prefix}.randomPasswordKey`);
	check(storage.getItem(`${prefix}.deviceGroupKey`) === v.device_group_key, `${v.name}: stored group key`);
	return {
		name: v.name,
		device_password: storedPassword,
		salt: cd.DeviceSecretVerifierConfig.Salt,
		password_verifier: cd.DeviceSecretVerifierConfig.PasswordVerifier,
	};
}

function timestamps(epochs) {
	return epochs.map(e => {
		fixedMs = e * 1000;
		const s = new DateHelper().getNowString();
		fixedMs = null;
		return { epoch_seconds: e, timestamp: s };
	});
}

function padHex(values) {
	queueRandom('00'.repeat(127) + '07'); // the helper's constructor draws an `a`
	const helper = new AuthenticationHelper('PadHexPool');
	assertRandomConsumed('padHex');
	return values.map(value => ({ value, padded: helper.padHex(new BigInteger(value, 16)) }));
}

async function main() {
	const [inputsPath, outPath] = process.argv.slice(2);
	const inputs = JSON.parse(fs.readFileSync(inputsPath, 'utf8'));
	const mine = list => list.filter(v => v.source === 'amazon-cognito-identity-js');
	const out = {
		versions: { 'amazon-cognito-identity-js': libVersion, node: process.versions.node },
		user_srp: [],
		device_srp: [],
		device_verifier: [],
	};
	for (const v of mine(inputs.user_srp)) out.user_srp.push(await userSrp(v));
	for (const v of mine(inputs.device_srp)) out.device_srp.push(await deviceSrp(v));
	for (const v of mine(inputs.device_verifier)) out.device_verifier.push(await deviceVerifier(v));
	out.timestamps = timestamps(inputs.timestamps);
	out.pad_hex = padHex(inputs.pad_hex);
	fs.writeFileSync(outPath, JSON.stringify(out, null, 1));
	process.stderr.write(
		`drive_js: ${out.user_srp.length} user, ${out.device_srp.length} device SRP, ` +
			`${out.device_verifier.length} verifiers, ${out.timestamps.length} timestamps, ${out.pad_hex.length} padHex\n`
	);
}

main().catch(err => {
	process.stderr.write(`drive_js FAILED: ${err && err.stack ? err.stack : err}\n`);
	process.exit(1);
});
