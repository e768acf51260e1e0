//! Client secrets: random, shown once, stored only as an argon2id hash.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::Engine;
use rand::RngCore;
use std::sync::OnceLock;

/// A new random secret: 32 bytes, base64url (43 characters).
pub fn generate() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The PHC string of `secret` (argon2id, default parameters, random salt).
pub fn hash(secret: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default().hash_password(secret.as_bytes(), &salt)?.to_string())
}

/// Whether `secret` matches the stored hash; a malformed hash never matches.
pub fn verify(secret: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|h| Argon2::default().verify_password(secret.as_bytes(), &h).is_ok())
}

/// Spends the same time as a real check, for unknown client ids (no timing oracle).
pub fn verify_dummy(secret: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let stored = DUMMY.get_or_init(|| hash("dummy-secret-for-timing").unwrap_or_default());
    let _ = verify(secret, stored);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_own_secret_only() {
        let s = generate();
        let h = hash(&s).unwrap();
        assert!(verify(&s, &h));
        assert!(!verify("other", &h));
        assert!(!verify(&s, "not a hash"));
        assert_eq!(s.len(), 43);
    }
}
