//! Errors that a handler expects, each mapped to an HTTP status and a JSON body.
//!
//! A handler that returns `Err` to the Lambda runtime makes API Gateway answer 502 with no
//! detail, so every failure a caller can cause becomes an [`ApiError`] and then a response:
//! `{"code": "not_found", "message": "...", "requestId": "..."}`. `code` is stable (clients
//! branch on it); `message` is for people and may change; `requestId` is API Gateway's request
//! id, also in every log line of the request, so a caller's report leads to its logs.

use lambda_http::http::StatusCode;
use lambda_http::http::header::{HeaderValue, RETRY_AFTER};
use lambda_http::{Body, Response};
use serde_json::json;

use crate::http::json_response;

/// Seconds a caller should wait before retrying after a `503`: the SDK has already retried with
/// backoff inside the function.
pub const RETRY_AFTER_SECONDS: u32 = 1;

/// A failure that ends a request with a status code and a JSON error body.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request is malformed: bad JSON, a missing or invalid field, parameter or header.
    #[error("{0}")]
    BadRequest(String),
    /// The route needs a caller verified by the API's authorizer, and there is none.
    #[error("this route needs an authenticated caller")]
    Unauthorized,
    /// The caller is known but may not do this (e.g. a scope the route needs is missing).
    #[error("{0}")]
    Forbidden(String),
    /// The addressed item does not exist.
    #[error("{0} not found")]
    NotFound(String),
    /// A write condition failed, e.g. creating an item whose id is taken.
    #[error("{0}")]
    Conflict(String),
    /// `If-Match` named a version that is not the stored one: someone else wrote first.
    #[error("{0}")]
    PreconditionFailed(String),
    /// The body is larger than [`crate::http::MAX_BODY_BYTES`].
    #[error("request body is larger than {0} bytes")]
    PayloadTooLarge(usize),
    /// The item a write would store is larger than a DynamoDB item may be (400 KB).
    #[error("the item would take {0} bytes, and DynamoDB stores at most 400 KB an item")]
    ItemTooLarge(usize),
    /// A dependency is throttling or too slow right now; the caller may retry.
    #[error("the service is busy, retry after {RETRY_AFTER_SECONDS} s")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// Anything else. The detail is logged, never sent to the caller.
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl ApiError {
    /// Wraps an unexpected error; its detail goes to the log when the response is built.
    pub fn internal(error: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Internal(Box::new(error))
    }

    /// Wraps a transient failure (throttling, a timeout): `503` with `Retry-After`.
    pub fn unavailable(error: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Unavailable(Box::new(error))
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::PreconditionFailed(_) => StatusCode::PRECONDITION_FAILED,
            Self::PayloadTooLarge(_) | Self::ItemTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable, machine-readable name of the error, the `code` of the body.
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadRequest(_) => "bad_request",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden(_) => "forbidden",
            Self::NotFound(_) => "not_found",
            Self::Conflict(_) => "conflict",
            Self::PreconditionFailed(_) => "precondition_failed",
            Self::PayloadTooLarge(_) | Self::ItemTooLarge(_) => "payload_too_large",
            Self::Unavailable(_) => "unavailable",
            Self::Internal(_) => "internal",
        }
    }

    /// The response for this error; `request_id` is API Gateway's id of the request. The error
    /// is logged: a caller's mistake (4xx) at info, a failure of ours (5xx) at error.
    pub fn into_response(self, request_id: Option<&str>) -> Response<Body> {
        let status = self.status();
        let code = self.code();
        match &self {
            Self::Internal(source) | Self::Unavailable(source) => {
                tracing::error!(status = status.as_u16(), code, error = %source, "request failed");
            }
            _ => tracing::info!(status = status.as_u16(), code, message = %self, "request refused"),
        }
        let mut response = json_response(
            status,
            &json!({ "code": code, "message": self.to_string(), "requestId": request_id }),
        );
        if let Self::Unavailable(_) = self {
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECONDS));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(response: &Response<Body>) -> serde_json::Value {
        serde_json::from_slice(response.body().as_ref()).expect("a JSON body")
    }

    #[test]
    fn internal_errors_do_not_leak_their_detail() {
        let error = ApiError::internal(std::io::Error::other("secret connection string"));
        let response = error.into_response(Some("req-1"));
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(
            body(&response),
            json!({"code": "internal", "message": "internal error", "requestId": "req-1"})
        );
    }

    #[test]
    fn client_errors_say_what_is_wrong() {
        let response =
            ApiError::BadRequest("`name` must not be empty".into()).into_response(Some("req-2"));
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        let body = body(&response);
        assert_eq!(body["code"], "bad_request");
        assert_eq!(body["message"], "`name` must not be empty");
        assert_eq!(body["requestId"], "req-2");
    }

    #[test]
    fn busy_dependencies_answer_503_with_retry_after() {
        let error = ApiError::unavailable(std::io::Error::other("throttled"));
        let response = error.into_response(None);
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        let retry_after = response.headers().get(RETRY_AFTER).map(|v| v.as_bytes());
        assert_eq!(
            retry_after,
            Some(RETRY_AFTER_SECONDS.to_string().as_bytes())
        );
        assert_eq!(body(&response)["code"], "unavailable");
    }
}
