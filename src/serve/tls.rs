//! TLS for `modcite serve`: a certificate chain and private key in PEM files
//! become a rustls server configuration (TLS 1.3 and 1.2 with rustls's safe
//! default cipher suites, the *ring* crypto provider, no OpenSSL).

use std::path::Path;
use std::sync::Arc;

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

/// The certificate or key could not be used.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    /// The certificate file could not be read or holds no certificate.
    #[error("TLS certificate {path}: {message}")]
    Certificate { path: String, message: String },
    /// The key file could not be read or holds no private key.
    #[error("TLS private key {path}: {message}")]
    Key { path: String, message: String },
    /// rustls refused the pair (a key that does not match the certificate, say).
    #[error("TLS certificate and key cannot be used together: {0}")]
    Config(String),
}

/// Builds the server configuration from PEM files: `cert` holds the
/// certificate chain (leaf first), `key` one PKCS#8, PKCS#1 or SEC1 key.
pub fn server_config(cert: &Path, key: &Path) -> Result<Arc<rustls::ServerConfig>, TlsError> {
    let cert_error = |message: String| TlsError::Certificate { path: cert.display().to_string(), message };
    let chain = CertificateDer::pem_file_iter(cert)
        .map_err(|e| cert_error(e.to_string()))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| cert_error(e.to_string()))?;
    if chain.is_empty() {
        return Err(cert_error("no CERTIFICATE block in the file".into()));
    }
    let key_der = PrivateKeyDer::from_pem_file(key)
        .map_err(|e| TlsError::Key { path: key.display().to_string(), message: e.to_string() })?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsError::Config(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(chain, key_der)
        .map_err(|e| TlsError::Config(e.to_string()))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}
