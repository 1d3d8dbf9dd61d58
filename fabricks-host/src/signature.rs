//! Checking an app's cosign key-based signature before it runs (`--verify-key`): the layout must
//! hold cosign's `sha256-<hex>.sig` manifest for the chosen manifest, one of whose simple-signing
//! layers verifies under the key (ECDSA P-256, SHA-256) and names that manifest's digest.

use crate::artifact;
use base64::Engine as _;
use p256::ecdsa::signature::Verifier as _;
use p256::ecdsa::{DerSignature, VerifyingKey};
use p256::pkcs8::DecodePublicKey as _;
use serde::Deserialize;
use std::path::Path;
use wasmtime::error::Context;
use wasmtime::{Result, bail, format_err as anyhow};

pub const PAYLOAD_TYPE: &str = "application/vnd.dev.cosign.simplesigning.v1+json";
const SIGNATURE_ANNOTATION: &str = "dev.cosignproject.cosign/signature";

/// cosign's tag for the signatures of `digest` (`sha256:<hex>`).
pub fn tag(digest: &str) -> String {
    format!("{}.sig", digest.replacen(':', "-", 1))
}

/// True for cosign's signature tags, which are not apps.
pub fn is_signature_tag(tag: &str) -> bool {
    tag.strip_prefix("sha256-").and_then(|t| t.strip_suffix(".sig"))
        .is_some_and(|hex| hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Reads a PEM public key (`BEGIN PUBLIC KEY`, as `cosign generate-key-pair` and `openssl pkey -pubout` write).
pub fn read_key(file: &Path) -> Result<VerifyingKey> {
    let pem = std::fs::read_to_string(file).with_context(|| format!("--verify-key {}: cannot read it", file.display()))?;
    VerifyingKey::from_public_key_pem(&pem).map_err(|e| anyhow!(
        "--verify-key {}: not a PEM ECDSA P-256 public key ({e}); give the cosign.pub of the key that signed the app",
        file.display()))
}

#[derive(Deserialize)]
struct Payload {
    critical: Critical,
}

#[derive(Deserialize)]
struct Critical {
    image: Image,
}

#[derive(Deserialize)]
struct Image {
    #[serde(rename = "docker-manifest-digest")]
    docker_manifest_digest: String,
}

/// Refuses `digest` in `layout` unless a signature there verifies under `key`.
pub fn verify(layout: &Path, digest: &str, key: &VerifyingKey, key_name: &str) -> Result<()> {
    let tag = tag(digest);
    let Some(signature_manifest) = artifact::manifest_tagged(layout, &tag)? else {
        bail!("refused: {} ({digest}) is not signed: the layout has no {tag}. Push with -Dfabricks.sign.key and copy \
               the signature with the app (it sits under that tag in the registry)", layout.display());
    };
    let mut problems = Vec::new();
    for layer in signature_manifest.layers.iter().filter(|l| l.media_type.as_deref() == Some(PAYLOAD_TYPE)) {
        match check(layout, layer, digest, key) {
            Ok(()) => return Ok(()),
            Err(e) => problems.push(format!("{e:#}")),
        }
    }
    if problems.is_empty() {
        problems.push("it holds no simple-signing layer".into());
    }
    bail!("refused: the signature {tag} of {} does not verify with {key_name}: {}", layout.display(), problems.join("; "))
}

fn check(layout: &Path, layer: &artifact::Descriptor, digest: &str, key: &VerifyingKey) -> Result<()> {
    let payload = artifact::read_blob(layout, layer)?;
    let encoded = layer.annotations.get(SIGNATURE_ANNOTATION)
        .ok_or_else(|| anyhow!("a payload without the {SIGNATURE_ANNOTATION} annotation"))?;
    let der = base64::engine::general_purpose::STANDARD.decode(encoded.trim())
        .map_err(|_| anyhow!("the signature is not base64"))?;
    let signature = DerSignature::try_from(der.as_slice()).map_err(|_| anyhow!("the signature is not an ECDSA signature"))?;
    key.verify(&payload, &signature).map_err(|_| anyhow!("the signature does not match the payload under this key"))?;
    let payload: Payload = serde_json::from_slice(&payload).context("the signed payload is not cosign's simple signing")?;
    if payload.critical.image.docker_manifest_digest != digest {
        bail!("the signed payload names {}, not {digest}", payload.critical.image.docker_manifest_digest);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::SigningKey;
    use p256::ecdsa::signature::Signer as _;
    use serde_json::json;

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32].into()).expect("a valid scalar")
    }

    fn put(dir: &Path, bytes: &[u8]) -> serde_json::Value {
        let hex = artifact::sha256_hex(bytes);
        std::fs::create_dir_all(dir.join("blobs/sha256")).unwrap();
        std::fs::write(dir.join("blobs/sha256").join(&hex), bytes).unwrap();
        json!({"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": format!("sha256:{hex}"), "size": bytes.len()})
    }

    /// A layout with an app manifest and, when `signer` is given, a signature naming `named`
    /// (the app's digest when None); `tamper` flips a byte of the signature.
    fn layout(signer: Option<&SigningKey>, named: Option<&str>, tamper: bool) -> (tempfile::TempDir, String) {
        let dir = tempfile::tempdir().unwrap();
        let app = put(dir.path(), br#"{"schemaVersion":2,"layers":[]}"#);
        let digest = app["digest"].as_str().unwrap().to_string();
        let mut entries = vec![app];
        if let Some(signer) = signer {
            let payload = serde_json::to_vec(&json!({"critical": {"identity": {"docker-reference": "r/app"},
                "image": {"docker-manifest-digest": named.unwrap_or(&digest)}, "type": "cosign container image signature"},
                "optional": null})).unwrap();
            let signature: p256::ecdsa::Signature = signer.sign(&payload);
            let mut der = signature.to_der().as_bytes().to_vec();
            if tamper {
                let last = der.len() - 1;
                der[last] ^= 1;
            }
            let mut layer = put(dir.path(), &payload);
            layer["mediaType"] = json!(PAYLOAD_TYPE);
            layer["annotations"] = json!({SIGNATURE_ANNOTATION: base64::engine::general_purpose::STANDARD.encode(der)});
            let config = put(dir.path(), b"{}");
            let manifest = serde_json::to_vec(&json!({"schemaVersion": 2, "config": config, "layers": [layer]})).unwrap();
            let mut entry = put(dir.path(), &manifest);
            entry["annotations"] = json!({"org.opencontainers.image.ref.name": tag(&digest)});
            entries.push(entry);
        }
        std::fs::write(dir.path().join("index.json"), serde_json::to_vec(&json!({"schemaVersion": 2, "manifests": entries})).unwrap()).unwrap();
        (dir, digest)
    }

    fn outcome(signer: Option<&SigningKey>, named: Option<&str>, tamper: bool, checker: &SigningKey) -> Result<()> {
        let (dir, digest) = layout(signer, named, tamper);
        verify(dir.path(), &digest, checker.verifying_key(), "test.pub")
    }

    #[test]
    fn signed_with_the_key_is_accepted() {
        outcome(Some(&key(7)), None, false, &key(7)).unwrap();
    }

    #[test]
    fn unsigned_is_refused() {
        let e = outcome(None, None, false, &key(7)).unwrap_err();
        assert!(format!("{e:#}").contains("is not signed: the layout has no sha256-"), "{e:#}");
    }

    #[test]
    fn signed_with_another_key_is_refused() {
        let e = outcome(Some(&key(8)), None, false, &key(7)).unwrap_err();
        assert!(format!("{e:#}").contains("does not match the payload under this key"), "{e:#}");
    }

    #[test]
    fn tampered_signature_is_refused() {
        let e = outcome(Some(&key(7)), None, true, &key(7)).unwrap_err();
        assert!(format!("{e:#}").contains("does not verify with test.pub"), "{e:#}");
    }

    #[test]
    fn a_signature_of_another_manifest_is_refused() {
        let other = format!("sha256:{}", "0".repeat(64));
        let e = outcome(Some(&key(7)), Some(&other), false, &key(7)).unwrap_err();
        assert!(format!("{e:#}").contains(&format!("names {other}")), "{e:#}");
    }

    #[test]
    fn signature_tags_are_told_from_app_tags() {
        assert!(is_signature_tag(&tag(&format!("sha256:{}", "a".repeat(64)))));
        assert!(!is_signature_tag("1.0.0"));
        assert!(!is_signature_tag("sha256-abc.sig"));
    }
}
