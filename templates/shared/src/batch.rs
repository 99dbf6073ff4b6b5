//! Batches of queue messages, handled one message at a time: a function answers which messages
//! failed, and Lambda returns only those to their queue (the event source mapping reports batch
//! item failures).

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsMessage};

/// Why one message could not be handled: logged, and the message returns to the queue.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct RecordError(pub String);

/// A batch Lambda would never send (a message without an id cannot be named as failed): the
/// whole batch fails, so that no message is lost.
#[derive(Debug, thiserror::Error)]
#[error("a message of the batch has no id: the whole batch is retried")]
pub struct MalformedBatch;

/// What Lambda's answer and logs call a batch that fails whole: `MalformedBatch`, rather than
/// the name of a Rust type.
impl From<MalformedBatch> for lambda_runtime::Diagnostic {
    fn from(error: MalformedBatch) -> Self {
        Self {
            error_type: "MalformedBatch".into(),
            error_message: error.to_string(),
        }
    }
}

/// Runs `work` on each message in order; answers the ids of those that failed.
pub async fn each_message(
    messages: &[SqsMessage],
    work: impl AsyncFn(&SqsMessage) -> Result<(), RecordError>,
) -> Result<SqsBatchResponse, MalformedBatch> {
    if messages
        .iter()
        .any(|m| m.message_id.as_deref().is_none_or(str::is_empty))
    {
        return Err(MalformedBatch);
    }
    let mut response = SqsBatchResponse::default();
    for message in messages {
        if let Err(error) = work(message).await {
            let id = message.message_id.clone().unwrap_or_default();
            tracing::warn!(message_id = %id, %error, "message failed; it returns to the queue");
            response.add_failure(id);
        }
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(id: Option<&str>, body: &str) -> SqsMessage {
        let mut message = SqsMessage::default();
        message.message_id = id.map(str::to_owned);
        message.body = Some(body.to_owned());
        message
    }

    async fn refuse_bad(message: &SqsMessage) -> Result<(), RecordError> {
        match message.body.as_deref() {
            Some("bad") => Err(RecordError("bad body".into())),
            _ => Ok(()),
        }
    }

    #[tokio::test]
    async fn names_only_the_messages_that_failed() {
        let batch = [
            message(Some("a"), "good"),
            message(Some("b"), "bad"),
            message(Some("c"), "good"),
        ];
        let response = each_message(&batch, refuse_bad)
            .await
            .expect("a well-formed batch");
        let failed: Vec<_> = response
            .batch_item_failures
            .iter()
            .map(|f| f.item_identifier.as_str())
            .collect();
        assert_eq!(failed, ["b"]);
    }

    #[tokio::test]
    async fn fails_a_batch_with_a_message_without_id() {
        let batch = [message(Some("a"), "good"), message(None, "good")];
        assert!(each_message(&batch, refuse_bad).await.is_err());
    }

    #[test]
    fn names_a_malformed_batch_for_lambda() {
        let diagnostic = lambda_runtime::Diagnostic::from(MalformedBatch);
        assert_eq!(diagnostic.error_type, "MalformedBatch");
        assert!(diagnostic.error_message.contains("no id"));
    }
}
