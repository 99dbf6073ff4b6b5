//! The DynamoDB client and what every resource's storage code shares.

use std::collections::HashMap;
use std::time::Duration;

pub use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::config::retry::RetryConfig;
use aws_sdk_dynamodb::config::timeout::TimeoutConfig;
use aws_sdk_dynamodb::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::types::AttributeValue;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::error::ApiError;

/// Attempts per DynamoDB call (the first and two retries), in the SDK's standard retry mode.
pub const MAX_ATTEMPTS: u32 = 3;

/// Longest wait for a connection to DynamoDB.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(1);
/// Longest one attempt of a call may take (DynamoDB answers in milliseconds): a stuck attempt is
/// retried rather than waited for. A call as a whole, attempts and backoff, is bounded by the
/// invocation's deadline (`deadline::within`), which is the function's timeout as configured.
pub const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(3);

/// The timeouts of a DynamoDB call: to connect, and of each attempt.
pub fn timeouts() -> TimeoutConfig {
    TimeoutConfig::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .operation_attempt_timeout(ATTEMPT_TIMEOUT)
        .build()
}

/// Builds a DynamoDB client from the environment: region, credentials, and
/// `AWS_ENDPOINT_URL_DYNAMODB` when it points at a local DynamoDB, with the timeouts of
/// [`timeouts`] and the standard retry mode. Call it once, in `main`.
pub async fn client() -> Client {
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .timeout_config(timeouts())
        .retry_config(RetryConfig::standard().with_max_attempts(MAX_ATTEMPTS))
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

/// A storage call failed for a reason the caller cannot fix.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// DynamoDB throttled the call or did not answer in time, after the SDK's retries: the
    /// caller may retry later (`503`).
    #[error("DynamoDB is busy: {0}")]
    Busy(String),
    /// Anything else: permissions, a missing table, a malformed item (`500`).
    #[error("DynamoDB request failed: {0}")]
    Failed(String),
    /// The item to write takes this many bytes, more than DynamoDB stores (`413`).
    #[error("the item takes {0} bytes, over DynamoDB's 400 KB")]
    TooLarge(usize),
}

/// Error codes with which DynamoDB says "too many requests, slow down".
pub const THROTTLING_CODES: [&str; 3] = [
    "ProvisionedThroughputExceededException",
    "ThrottlingException",
    "RequestLimitExceeded",
];

impl StoreError {
    pub fn new(detail: impl Into<String>) -> Self {
        Self::Failed(detail.into())
    }
}

impl<E, R> From<SdkError<E, R>> for StoreError
where
    E: std::error::Error + ProvideErrorMetadata + 'static,
    R: std::fmt::Debug,
{
    fn from(error: SdkError<E, R>) -> Self {
        let detail = DisplayErrorContext(&error).to_string();
        let throttled = error
            .code()
            .is_some_and(|code| THROTTLING_CODES.contains(&code));
        if throttled || matches!(error, SdkError::TimeoutError(_)) {
            Self::Busy(detail)
        } else {
            Self::Failed(detail)
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Busy(_) => ApiError::unavailable(error),
            StoreError::Failed(_) => ApiError::internal(error),
            StoreError::TooLarge(bytes) => ApiError::ItemTooLarge(bytes),
        }
    }
}

/// The version of the page tokens this code writes. A token of another version is refused
/// (400), so a change of the key (a sort key, an index) cannot be misread from old tokens.
pub const TOKEN_VERSION: u64 = 1;

/// Encodes the last evaluated key of a page as the opaque `next` token of the list endpoints:
/// base64url of `{"v": 1, "key": {...}}`. Key attributes are strings or numbers, both carried as
/// text (the listing knows which are numbers).
pub fn encode_token(key: &HashMap<String, AttributeValue>) -> String {
    let key: serde_json::Map<String, serde_json::Value> = key
        .iter()
        .filter_map(|(name, value)| {
            let text = value.as_s().or_else(|_| value.as_n()).ok()?;
            Some((name.clone(), text.clone().into()))
        })
        .collect();
    let token = serde_json::json!({ "v": TOKEN_VERSION, "key": key });
    URL_SAFE_NO_PAD.encode(token.to_string())
}

/// Decodes a `next` token into the key it carries; `None` if this API did not issue it (bad
/// encoding, another version, not a map of strings).
pub fn decode_token(token: &str) -> Option<HashMap<String, String>> {
    let bytes = URL_SAFE_NO_PAD.decode(token).ok()?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    if value.get("v")?.as_u64()? != TOKEN_VERSION {
        return None;
    }
    value
        .get("key")?
        .as_object()?
        .iter()
        .map(|(name, value)| Some((name.clone(), value.as_str()?.to_owned())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(id: &str) -> HashMap<String, AttributeValue> {
        HashMap::from([("id".to_owned(), AttributeValue::S(id.to_owned()))])
    }

    #[test]
    fn tokens_round_trip() {
        let id = "3f1c2a8e-5b7d-4c9e-8a1f-6d2b0e4c7a91";
        let token = encode_token(&key(id));
        assert!(
            token
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        let decoded = decode_token(&token).expect("a token of this API");
        assert_eq!(decoded.get("id").map(String::as_str), Some(id));
    }

    #[test]
    fn foreign_and_stale_tokens_are_refused() {
        assert_eq!(decode_token("not-a-token"), None);
        assert_eq!(decode_token("abc"), None);
        let encode = |json: &str| URL_SAFE_NO_PAD.encode(json);
        assert_eq!(decode_token(&encode(r#"{"v":2,"key":{"id":"a"}}"#)), None);
        assert_eq!(decode_token(&encode(r#"{"key":{"id":"a"}}"#)), None);
        assert_eq!(decode_token(&encode(r#"{"v":1,"key":{"id":1}}"#)), None);
        assert!(decode_token(&encode(r#"{"v":1,"key":{"id":"a"}}"#)).is_some());
    }

    #[test]
    fn attempts_give_up_and_calls_are_left_to_the_deadline() {
        let timeouts = timeouts();
        assert_eq!(timeouts.connect_timeout(), Some(CONNECT_TIMEOUT));
        assert_eq!(timeouts.operation_attempt_timeout(), Some(ATTEMPT_TIMEOUT));
        assert_eq!(timeouts.operation_timeout(), None);
    }

    /// An endpoint that answers every request as DynamoDB does when it throttles; it counts
    /// the requests it gets.
    fn throttling_endpoint() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
        use std::io::{BufRead, BufReader, Read, Write};
        use std::sync::atomic::Ordering;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        let url = format!("http://{}", listener.local_addr().expect("an address"));
        let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = count.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut reader = BufReader::new(stream);
                let mut length = 0;
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                    let lower = line.to_ascii_lowercase();
                    if let Some(value) = lower.strip_prefix("content-length:") {
                        length = value.trim().parse().unwrap_or(0);
                    }
                    line.clear();
                }
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    continue;
                }
                counter.fetch_add(1, Ordering::SeqCst);
                let answer = r#"{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"slow down"}"#;
                let response = format!(
                    "HTTP/1.1 400 Bad Request\r\ncontent-type: application/x-amz-json-1.0\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}",
                    answer.len()
                );
                let _ = reader.get_mut().write_all(response.as_bytes());
            }
        });
        (url, count)
    }

    #[tokio::test]
    async fn throttling_is_a_503_after_the_retries() {
        let (url, requests) = throttling_endpoint();
        let config = aws_sdk_dynamodb::Config::builder()
            .behavior_version(aws_sdk_dynamodb::config::BehaviorVersion::latest())
            .region(aws_sdk_dynamodb::config::Region::new("us-east-1"))
            .credentials_provider(aws_sdk_dynamodb::config::Credentials::new(
                "local", "local", None, None, "test",
            ))
            .endpoint_url(url)
            .timeout_config(timeouts())
            .retry_config(
                RetryConfig::standard()
                    .with_max_attempts(MAX_ATTEMPTS)
                    .with_initial_backoff(Duration::from_millis(1)),
            )
            .build();
        let result = Client::from_conf(config)
            .get_item()
            .table_name("items")
            .set_key(Some(key("3f1c2a8e-5b7d-4c9e-8a1f-6d2b0e4c7a91")))
            .send()
            .await;
        let error = StoreError::from(result.expect_err("DynamoDB throttles"));
        assert!(matches!(error, StoreError::Busy(_)), "{error}");
        let requests = requests.load(std::sync::atomic::Ordering::SeqCst);
        assert_eq!(requests, MAX_ATTEMPTS as usize, "the SDK retried");
        let response = ApiError::from(error).into_response(None);
        assert_eq!(response.status(), 503);
    }
}
