//! Errors that a handler expects, each mapped to an HTTP status and a JSON body.
//!
//! A handler that returns `Err` to the Lambda runtime makes API Gateway answer 502 with no
//! detail, so every failure a caller can cause becomes an [`ApiError`] and then a response.

use lambda_http::http::StatusCode;
use lambda_http::{Body, Response};
use serde_json::json;

use crate::http::json_response;

/// A failure that ends a request with a status code and a JSON body `{"message": "..."}`.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request is malformed: bad JSON, a missing or invalid field or parameter.
    #[error("{0}")]
    BadRequest(String),
    /// The addressed item does not exist.
    #[error("{0} not found")]
    NotFound(String),
    /// A write condition failed, e.g. creating an item whose id is taken.
    #[error("{0}")]
    Conflict(String),
    /// The body is larger than [`crate::http::MAX_BODY_BYTES`].
    #[error("request body is larger than {0} bytes")]
    PayloadTooLarge(usize),
    /// Anything else. The detail is logged, never sent to the caller.
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl ApiError {
    /// Wraps an unexpected error; its detail goes to the log when the response is built.
    pub fn internal(error: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Internal(Box::new(error))
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The response for this error.
    pub fn into_response(self) -> Response<Body> {
        if let Self::Internal(source) = &self {
            tracing::error!(error = %source, "request failed");
        }
        json_response(self.status(), &json!({ "message": self.to_string() }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_do_not_leak_their_detail() {
        let error = ApiError::internal(std::io::Error::other("secret connection string"));
        let response = error.into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = std::str::from_utf8(response.body().as_ref()).expect("utf-8 body");
        assert_eq!(body, r#"{"message":"internal error"}"#);
    }

    #[test]
    fn client_errors_say_what_is_wrong() {
        let response = ApiError::BadRequest("`name` must not be empty".into()).into_response();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        let body = std::str::from_utf8(response.body().as_ref()).expect("utf-8 body");
        assert!(body.contains("`name` must not be empty"), "{body}");
    }
}
