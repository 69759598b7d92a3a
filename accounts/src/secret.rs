//! Secrets: generated from the operating system's random source, stored only as hashes.
//!
//! Two kinds of hash, chosen by how much guessing a stolen database would allow:
//!
//! - **Passwords** are Argon2id PHC strings (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`), the
//!   parameters OWASP's Password Storage Cheat Sheet gives as the minimum. The passwords
//!   firststop generates are strong, but a person may keep one on a note or reuse the hash
//!   elsewhere; a memory-hard hash keeps an offline guess expensive whatever the password.
//! - **API tokens and session ids** are 256 random bits, hashed with plain SHA-256. A slow hash
//!   protects low-entropy secrets; a 256-bit random secret has no dictionary to try, so SHA-256
//!   preimage resistance is the whole defence and it suffices. A fast hash also matters here:
//!   every API request and page view checks one, and an Argon2 check (about 20 MiB and tens of
//!   milliseconds) per request would turn a flood of bearer tokens into a denial of service. A
//!   token carries a short public id so its row is found by primary key; the stored hash is then
//!   compared in constant time.
//!
//! Forms shown before anyone is signed in (the sign-in form) carry a [`FormKey`] token instead:
//! signed with HMAC-SHA-256 by a key only the server holds, so a cookie planted by someone else
//! (from a sibling subdomain, say) cannot pass for one the server issued.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::error::InternalError;

/// The symbols of generated passwords: lowercase letters and digits without the look-alikes
/// `0 o 1 i l`, so a password read aloud or copied by hand survives.
const PASSWORD_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
/// 4 groups of 6 symbols: 24 × log2(31) ≈ 119 bits.
const PASSWORD_GROUPS: usize = 4;
const PASSWORD_GROUP_LEN: usize = 6;

/// `n` bytes from the operating system's random source.
///
/// # Errors
/// [`InternalError::Random`] when the OS refuses.
pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N], InternalError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| InternalError::Random(e.to_string()))?;
    Ok(bytes)
}

/// Lowercase hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0xf)] as char);
    }
    out
}

/// A new password: `xxxxxx-xxxxxx-xxxxxx-xxxxxx` from [`PASSWORD_ALPHABET`], about 119 bits.
pub(crate) fn generate_password() -> Result<String, InternalError> {
    let n = PASSWORD_ALPHABET.len();
    // Bytes at or above the largest multiple of n would bias the first symbols: skip them.
    let limit = 256 - 256 % n;
    let mut symbols = Vec::with_capacity(PASSWORD_GROUPS * PASSWORD_GROUP_LEN);
    while symbols.len() < PASSWORD_GROUPS * PASSWORD_GROUP_LEN {
        for b in random_bytes::<64>()? {
            if usize::from(b) < limit && symbols.len() < symbols.capacity() {
                symbols.push(PASSWORD_ALPHABET[usize::from(b) % n]);
            }
        }
    }
    let groups: Vec<&str> = symbols
        .chunks(PASSWORD_GROUP_LEN)
        .map(|g| std::str::from_utf8(g).unwrap_or_default())
        .collect();
    Ok(groups.join("-"))
}

/// 32 random bytes as 64 hex characters: a session id, a CSRF token or a token's secret part.
///
/// # Errors
/// [`InternalError::Random`] when the operating system's random source fails.
pub fn generate_secret() -> Result<String, InternalError> {
    Ok(hex(&random_bytes::<32>()?))
}

/// The Argon2id PHC string of `password` with a fresh random salt.
pub(crate) fn hash_password(password: &str) -> Result<String, InternalError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| InternalError::Hash(e.to_string()))
}

/// Whether `password` matches the PHC string `stored` (with the parameters stored in it).
///
/// # Errors
/// [`InternalError::Hash`] when `stored` is not a PHC string this build can read.
pub(crate) fn verify_password(password: &str, stored: &str) -> Result<bool, InternalError> {
    let parsed = PasswordHash::new(stored).map_err(|e| InternalError::Hash(e.to_string()))?;
    match Argon2::default().verify_password(password.as_bytes(), &parsed) {
        Ok(()) => Ok(true),
        Err(argon2::password_hash::Error::PasswordInvalid) => Ok(false),
        Err(e) => Err(InternalError::Hash(e.to_string())),
    }
}

/// A PHC string no password matches, for names that have no account: checking against it costs
/// what a real check costs, so the time of a failed sign-in does not tell whether a name exists.
pub(crate) fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| {
        let noise = random_bytes::<32>().map(|b| hex(&b)).unwrap_or_default();
        hash_password(&noise).unwrap_or_default()
    })
}

/// SHA-256 of a high-entropy secret (token secret, session id).
pub(crate) fn sha256(secret: &str) -> [u8; 32] {
    Sha256::digest(secret.as_bytes()).into()
}

/// Constant-time equality of two byte strings (the length is not secret): for comparing a
/// submitted token with the expected one.
pub fn same(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

/// The server's key for signing form tokens: 256 random bits, kept in memory only, so a
/// restart ends the forms it issued (the reader gets a fresh form).
///
/// A token reads `<issued>.<nonce>.<mac>`: the Unix second it was issued, 128 random bits in
/// hex, and the hex HMAC-SHA-256 of `<issued>.<nonce>` under the key. It is the value of the
/// signed double-submit pattern (OWASP's CSRF Prevention Cheat Sheet): the same token in a
/// cookie and in the form, valid only if the server signed it and it is not older than the
/// form's lifetime.
pub struct FormKey([u8; 32]);

impl FormKey {
    /// A new random key.
    ///
    /// # Errors
    /// [`InternalError::Random`] when the operating system's random source fails.
    pub fn generate() -> Result<FormKey, InternalError> {
        Ok(FormKey(random_bytes::<32>()?))
    }

    /// A token issued at `now`.
    ///
    /// # Errors
    /// [`InternalError::Random`] when the operating system's random source fails.
    pub fn issue(&self, now: time::OffsetDateTime) -> Result<String, InternalError> {
        let payload = format!("{}.{}", now.unix_timestamp(), hex(&random_bytes::<16>()?));
        Ok(format!("{payload}.{}", self.mac(&payload)))
    }

    /// Whether `token` was issued with this key at most `lifetime` before `now` (and not in the
    /// future). The signature is compared in constant time.
    pub fn verify(&self, token: &str, now: time::OffsetDateTime, lifetime: time::Duration) -> bool {
        let Some((payload, mac)) = token.rsplit_once('.') else {
            return false;
        };
        let Some(issued) = payload
            .split_once('.')
            .and_then(|(issued, _)| issued.parse::<i64>().ok())
        else {
            return false;
        };
        let age = now.unix_timestamp() - issued;
        let fresh = (0..=lifetime.whole_seconds()).contains(&age);
        fresh && same(self.mac(payload).as_bytes(), mac.as_bytes())
    }

    /// The hex HMAC-SHA-256 of `payload`.
    fn mac(&self, payload: &str) -> String {
        // HMAC takes a key of any length, so this cannot fail.
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC accepts every key length"));
        mac.update(payload.as_bytes());
        hex(&mac.finalize().into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_passwords_are_four_groups_of_six_unambiguous_symbols() {
        let password = generate_password().unwrap();
        let groups: Vec<&str> = password.split('-').collect();
        assert_eq!(groups.len(), 4, "{password}");
        for group in groups {
            assert_eq!(group.len(), 6, "{password}");
            assert!(group.bytes().all(|b| PASSWORD_ALPHABET.contains(&b)));
        }
        assert_ne!(password, generate_password().unwrap());
    }

    #[test]
    fn a_password_hash_is_argon2id_and_verifies_only_its_password() {
        let hash = hash_password("correct horse").unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(verify_password("correct horse", &hash).unwrap());
        assert!(!verify_password("correct horse ", &hash).unwrap());
        assert!(!verify_password("anything", decoy_hash()).unwrap());
    }

    #[test]
    fn a_damaged_hash_is_an_internal_error_not_a_wrong_password() {
        assert!(verify_password("x", "not a phc string").is_err());
    }

    #[test]
    fn secrets_are_64_hex_characters_and_differ() {
        let a = generate_secret().unwrap();
        assert_eq!(a.len(), 64);
        assert!(a.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(a, generate_secret().unwrap());
    }

    #[test]
    fn comparison_is_exact() {
        assert!(same(&sha256("a"), &sha256("a")));
        assert!(!same(&sha256("a"), &sha256("b")));
        assert!(!same(b"ab", b"abc"));
    }

    #[test]
    fn a_form_token_is_valid_only_signed_by_the_key_and_within_its_lifetime() {
        let key = FormKey::generate().unwrap();
        let now = time::OffsetDateTime::now_utc();
        let hour = time::Duration::hours(1);
        let token = key.issue(now).unwrap();
        assert!(key.verify(&token, now, hour));
        assert!(key.verify(&token, now + hour, hour));
        assert!(!key.verify(&token, now + hour + time::Duration::seconds(1), hour));
        assert!(
            !key.verify(&token, now - time::Duration::seconds(60), hour),
            "from the future"
        );
        let other = FormKey::generate().unwrap();
        assert!(!other.verify(&token, now, hour), "another server's key");
        let (payload, mac) = token.rsplit_once('.').unwrap();
        let (issued, nonce) = payload.split_once('.').unwrap();
        let later = format!("{}.{nonce}.{mac}", issued.parse::<i64>().unwrap() + 600);
        assert!(
            !key.verify(&later, now + hour, hour),
            "a changed issue time"
        );
        let planted = format!("{issued}.{}.{mac}", "0".repeat(32));
        assert!(!key.verify(&planted, now, hour), "a chosen nonce");
        for junk in [
            "",
            ".",
            "..",
            "abc",
            "1.2",
            "x.y.z",
            &token[..token.len() - 1],
        ] {
            assert!(!key.verify(junk, now, hour), "{junk:?}");
        }
    }
}
