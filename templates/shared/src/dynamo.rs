//! The DynamoDB client and what every resource's storage code shares.

pub use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::{DisplayErrorContext, SdkError};

use crate::error::ApiError;

/// Builds a DynamoDB client from the environment: region, credentials, and
/// `AWS_ENDPOINT_URL_DYNAMODB` when it points at a local DynamoDB. Call it once, in `main`.
pub async fn client() -> Client {
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .load()
        .await;
    Client::new(&config)
}

/// A client for unit tests: configured, never connected; a call would fail, not reach AWS.
pub fn offline_client() -> Client {
    let config = aws_sdk_dynamodb::Config::builder()
        .behavior_version(aws_sdk_dynamodb::config::BehaviorVersion::latest())
        .region(aws_sdk_dynamodb::config::Region::new("us-east-1"))
        .build();
    Client::from_conf(config)
}

/// The name of a table, read from the environment variable that the infrastructure sets.
pub fn table_name(variable: &str) -> Result<String, ConfigError> {
    std::env::var(variable).map_err(|_| ConfigError::MissingTable(variable.to_owned()))
}

/// A function started without the configuration it needs; it fails at start, not per request.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("the environment variable {0} must name the DynamoDB table")]
    MissingTable(String),
}

/// What a storage call returns.
pub type StoreResult<T> = Result<T, StoreError>;

/// A storage call failed for a reason the caller cannot fix (network, throttling, permissions).
#[derive(Debug, thiserror::Error)]
#[error("DynamoDB request failed: {0}")]
pub struct StoreError(String);

impl StoreError {
    pub fn new(detail: impl Into<String>) -> Self {
        Self(detail.into())
    }
}

impl<E, R> From<SdkError<E, R>> for StoreError
where
    E: std::error::Error + 'static,
    R: std::fmt::Debug,
{
    fn from(error: SdkError<E, R>) -> Self {
        Self(DisplayErrorContext(&error).to_string())
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        ApiError::internal(error)
    }
}

/// Encodes the last key of a page as the opaque `next` token of the list endpoints.
pub fn encode_token(id: &str) -> String {
    id.bytes().map(|b| format!("{b:02x}")).collect()
}

/// Decodes a `next` token; `None` if the API did not issue it.
pub fn decode_token(token: &str) -> Option<String> {
    if !token.len().is_multiple_of(2) || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let bytes = (0..token.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&token[i..i + 2], 16).ok())
        .collect::<Option<Vec<u8>>>()?;
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip() {
        let id = "3f1c2a8e-5b7d-4c9e-8a1f-6d2b0e4c7a91";
        assert_eq!(decode_token(&encode_token(id)).as_deref(), Some(id));
    }

    #[test]
    fn foreign_tokens_are_refused() {
        assert_eq!(decode_token("not-a-token"), None);
        assert_eq!(decode_token("abc"), None);
        assert_eq!(decode_token("ff"), None);
    }
}
