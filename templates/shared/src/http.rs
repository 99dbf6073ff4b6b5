//! Helpers to read requests and to write JSON responses.

use lambda_http::http::StatusCode;
use lambda_http::http::header::{CONTENT_TYPE, HeaderValue, LOCATION};
use lambda_http::{Body, Request, RequestExt, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::error::Category;

use crate::error::ApiError;

/// Largest request body a handler reads. API Gateway accepts up to 10 MB; the JSON documents of
/// this API are small, so anything larger is refused before it is parsed.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// A response with `value` as its JSON body.
pub fn json_response<T: Serialize>(status: StatusCode, value: &T) -> Response<Body> {
    match serde_json::to_string(value) {
        Ok(text) => with_json(status, text),
        Err(error) => {
            tracing::error!(%error, "response body could not be serialized");
            with_json(
                StatusCode::INTERNAL_SERVER_ERROR,
                r#"{"message":"internal error"}"#.to_owned(),
            )
        }
    }
}

/// `201 Created` with the new resource's path in `Location` and the resource as body.
pub fn created<T: Serialize>(location: &str, value: &T) -> Response<Body> {
    let mut response = json_response(StatusCode::CREATED, value);
    if let Ok(location) = HeaderValue::from_str(location) {
        response.headers_mut().insert(LOCATION, location);
    }
    response
}

/// A response without a body, such as `204 No Content`.
pub fn empty_response(status: StatusCode) -> Response<Body> {
    let mut response = Response::new(Body::Empty);
    *response.status_mut() = status;
    response
}

fn with_json(status: StatusCode, text: String) -> Response<Body> {
    let mut response = Response::new(Body::Text(text));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// The response for a handler's outcome: expected errors become their own responses.
pub fn respond(result: Result<Response<Body>, ApiError>) -> Response<Body> {
    result.unwrap_or_else(ApiError::into_response)
}

/// Parses the JSON body, telling malformed JSON apart from a document of the wrong shape.
pub fn json_body<T: DeserializeOwned>(request: &Request) -> Result<T, ApiError> {
    let bytes: &[u8] = request.body().as_ref();
    if bytes.len() > MAX_BODY_BYTES {
        return Err(ApiError::PayloadTooLarge(MAX_BODY_BYTES));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::BadRequest("a JSON body is required".into()));
    }
    serde_json::from_slice(bytes).map_err(|error| match error.classify() {
        Category::Data => ApiError::BadRequest(format!("invalid request body: {error}")),
        Category::Io | Category::Syntax | Category::Eof => {
            ApiError::BadRequest(format!("malformed JSON: {error}"))
        }
    })
}

/// The path parameter `name`. API Gateway always sends the parameters its route declares; a
/// missing one means the function is wired to the wrong route.
pub fn path_param<'a>(request: &'a Request, name: &str) -> Result<&'a str, ApiError> {
    request
        .path_parameters_ref()
        .and_then(|params| params.first(name))
        .ok_or_else(|| ApiError::BadRequest(format!("missing path parameter `{name}`")))
}

/// The first value of the query string parameter `name`, if any.
pub fn query_param<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .query_string_parameters_ref()
        .and_then(|params| params.first(name))
}
