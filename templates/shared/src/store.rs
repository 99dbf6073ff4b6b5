//! The storage of every resource, once: a [`Record`] is a type with an id, a version and fields;
//! [`DynamoStore`] keeps records in a DynamoDB table whose partition key is the string `id`, and
//! [`MemoryStore`] keeps them in memory for unit tests, through the same item conversion.
//!
//! The list route scans the table, unless an index answers: a resource's [`Index`] for
//! `?<partition>=`, and its [`SortKey`] for the whole list in the order of a field.

use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::marker::PhantomData;
use std::sync::{Mutex, MutexGuard, PoisonError};

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::operation::delete_item::DeleteItemError;
use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, GlobalSecondaryIndex, KeySchemaElement,
    KeyType, Projection, ProjectionType, ReturnValue, ReturnValuesOnConditionCheckFailure,
    ScalarAttributeType,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::dynamo::{self, ConfigError, StoreError, StoreResult, decode_token, encode_token};
use crate::error::ApiError;
use crate::http::{IfMatch, query_param};

/// The version of a record when it is created; every write adds one.
pub const FIRST_VERSION: u64 = 1;
/// Page size of the list endpoint when the caller gives no `limit`.
pub const DEFAULT_PAGE_SIZE: i32 = 20;
/// Largest `limit` the list endpoint accepts.
pub const MAX_PAGE_SIZE: i32 = 100;

/// A DynamoDB item: attribute names and values.
pub type Item = HashMap<String, AttributeValue>;

/// What a resource's type tells the store. Its serde form is the item without `version`, which
/// the store keeps in an attribute of its own (the API shows it as the `ETag`).
pub trait Record: Serialize + DeserializeOwned + Clone + Send + Sync + 'static {
    /// What one is called, in messages: `item`.
    const LABEL: &'static str;
    /// The environment variable that names its table.
    const TABLE_ENV: &'static str;
    /// Its table's global secondary index, if it has one.
    const INDEX: Option<Index> = None;
    /// The order of its whole list, if it has one (a second index of its table).
    const SORT_KEY: Option<SortKey> = None;
    /// The attributes a client writes: an update sets those present and removes the others
    /// (`id`, `version` and what the API records itself, such as who created it, stay).
    const FIELDS: &'static [&'static str];
    /// Checks a value of `?<partition>=` as a body's would be checked: one no record can hold is a
    /// 400 (as `openapi.yaml` says), not an empty page.
    fn check_partition(value: &str) -> Result<(), ApiError> {
        let _ = value;
        Ok(())
    }
    fn id(&self) -> &str;
    fn version(&self) -> u64;
    fn set_version(&mut self, version: u64);
}

/// The most bytes of a DynamoDB item, its attribute names included.
pub const ITEM_MAX_BYTES: usize = 400 * 1024;

/// The bytes DynamoDB counts for an attribute's value (an upper bound for numbers: 21).
fn value_size(value: &AttributeValue) -> usize {
    match value {
        AttributeValue::S(text) => text.len(),
        AttributeValue::N(_) => 21,
        AttributeValue::L(values) => 3 + values.iter().map(|v| 1 + value_size(v)).sum::<usize>(),
        AttributeValue::M(map) => {
            3 + map
                .iter()
                .map(|(k, v)| 1 + k.len() + value_size(v))
                .sum::<usize>()
        }
        _ => 1,
    }
}

/// The size of an item as DynamoDB counts it toward its 400 KB: names and values.
fn item_size(item: &Item) -> usize {
    item.iter()
        .map(|(name, value)| name.len() + value_size(value))
        .sum()
}

fn to_item<T: Record>(value: &T) -> StoreResult<Item> {
    let mut item: Item =
        serde_dynamo::to_item(value).map_err(|e| StoreError::new(e.to_string()))?;
    item.insert(
        "version".to_owned(),
        AttributeValue::N(value.version().to_string()),
    );
    if T::SORT_KEY.is_some() {
        item.insert(
            LISTED.to_owned(),
            AttributeValue::S(LISTED_VALUE.to_owned()),
        );
    }
    // Refused here (413), not by DynamoDB's ValidationException (a 500).
    let size = item_size(&item);
    if size > ITEM_MAX_BYTES {
        return Err(StoreError::TooLarge(size));
    }
    Ok(item)
}

fn from_item<T: Record>(item: &Item) -> StoreResult<T> {
    let version = item
        .get("version")
        .and_then(|v| v.as_n().ok())
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| StoreError::new(format!("stored {} has no `version`", T::LABEL)))?;
    let mut value: T = serde_dynamo::from_item(item.clone())
        .map_err(|e| StoreError::new(format!("stored {} does not read back: {e}", T::LABEL)))?;
    value.set_version(version);
    Ok(value)
}

/// A new, random id.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Checks an id from a path parameter: ids are UUIDs, anything else is a 400.
pub fn parse_id<T: Record>(raw: &str) -> Result<String, ApiError> {
    // Hyphenated only, as `format: uuid` says (the crate also reads braced, URN and plain forms).
    let hyphenated = raw.len() == 36;
    uuid::Uuid::parse_str(raw)
        .ok()
        .filter(|_| hyphenated)
        .map(|id| id.hyphenated().to_string())
        .ok_or_else(|| ApiError::BadRequest(format!("the {} id must be a UUID", T::LABEL)))
}

/// Checks a create's body: the API gives the id and records who creates the record, so a body
/// that names either is a 400.
pub fn check_new(names_id: bool, names_creator: bool) -> Result<(), ApiError> {
    let refused = |what: &str| {
        Err(ApiError::BadRequest(format!(
            "{what}: leave it out of a create"
        )))
    };
    if names_id {
        refused("`id` is given by the API")
    } else if names_creator {
        refused("`created_by` is recorded by the API")
    } else {
        Ok(())
    }
}

/// The longest `created_by` a body may repeat: an IAM ARN is at most 2,048 characters.
pub const CREATED_BY_MAX: usize = 2048;

/// Reads a member of a body that may be left out (with `#[serde(default)]`) but, when given, is a
/// value: `"id": null` is a 400, as `openapi.yaml` says, not an absent id.
pub fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// Checks the `created_by` an update's body repeats (and the API ignores): at most
/// [`CREATED_BY_MAX`] characters, as `openapi.yaml` says.
pub fn check_created_by(given: Option<&str>) -> Result<(), ApiError> {
    match given {
        Some(given) if given.chars().count() > CREATED_BY_MAX => Err(ApiError::BadRequest(
            format!("`created_by` must be at most {CREATED_BY_MAX} characters"),
        )),
        _ => Ok(()),
    }
}

/// Checks the `id` of a body, accepted so that a body copied from a GET can be sent back as it
/// is: it must then be the id of the path.
pub fn check_body_id<T: Record>(given: Option<&str>, id: &str) -> Result<(), ApiError> {
    match given {
        Some(given) if parse_id::<T>(given).ok().as_deref() != Some(id) => {
            Err(ApiError::BadRequest(format!(
                "the body's `id` is {given}, not the id of the path"
            )))
        }
        _ => Ok(()),
    }
}

/// A global secondary index of a table (projecting every attribute): the list route reads it
/// for `?<partition>=`, in the order of its sort key, instead of scanning the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Index {
    pub name: &'static str,
    pub partition: &'static str,
    pub sort: Option<&'static str>,
    /// The sort key is a number (DynamoDB's `N`, in numeric order); else a string.
    pub sort_is_number: bool,
}

/// The order of a resource's whole list: a global secondary index (projecting every attribute)
/// whose partition key is [`LISTED`], the same on every record, and whose sort key is a required
/// field. The list route queries it instead of scanning the table. Its one partition takes about
/// a thousand writes a second: a table written faster wants a list without a sort key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortKey {
    pub name: &'static str,
    pub field: &'static str,
    /// Largest first.
    pub descending: bool,
    /// The field is a number (DynamoDB's `N`, in numeric order); else a string.
    pub is_number: bool,
}

/// The attribute that every record of a resource with a [`SortKey`] carries, as [`LISTED_VALUE`]:
/// the partition key of its sorted index. It is not a field (records read back without it).
pub const LISTED: &str = "_list";
pub const LISTED_VALUE: &str = "all";

/// Where a page is read from: one partition of an index, in the order of its sort key, or a
/// scan of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source<'a> {
    Query {
        index: &'static str,
        partition: &'static str,
        value: &'a str,
        sort: Option<&'static str>,
        /// The sort key is a number.
        numeric: bool,
        forward: bool,
    },
    Scan,
}

impl<'a> Source<'a> {
    /// The source of a listing of `T`, with the index partition asked for, if any: that
    /// partition of its index; else its sorted index; else a scan.
    fn of<T: Record>(partition: Option<&'a str>) -> Self {
        match (partition, T::INDEX, T::SORT_KEY) {
            (Some(value), Some(index), _) => Source::Query {
                index: index.name,
                partition: index.partition,
                value,
                sort: index.sort,
                numeric: index.sort_is_number,
                forward: true,
            },
            (_, _, Some(sort_key)) => Source::Query {
                index: sort_key.name,
                partition: LISTED,
                value: LISTED_VALUE,
                sort: Some(sort_key.field),
                numeric: sort_key.is_number,
                forward: !sort_key.descending,
            },
            _ => Source::Scan,
        }
    }

    /// The key attributes of its records: `id`, and the index's keys when an index is read.
    fn key_names(self) -> Vec<&'static str> {
        match self {
            Source::Query {
                partition, sort, ..
            } => ["id", partition].into_iter().chain(sort).collect(),
            Source::Scan => vec!["id"],
        }
    }
}

/// The key of a record as a `next` token carries it: its key attributes by name, as text (a
/// number sort key as DynamoDB writes the number).
pub type Key = HashMap<String, String>;

/// Which page the caller asks for: `?limit=1..100`, the `next` token of the previous page, and
/// with an index `?<partition>=`. Without a partition, a resource with a sort key lists every
/// record in its order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    pub limit: i32,
    /// Only the records of this partition of the index (read from the index).
    pub partition: Option<String>,
    /// The key of the last record of the previous page.
    pub start_after: Option<Key>,
}

impl PageRequest {
    /// The first page of every record, `limit` at most.
    pub fn first(limit: i32) -> Self {
        Self {
            limit,
            partition: None,
            start_after: None,
        }
    }

    /// The request of the page after `page`, if it has one.
    pub fn next<T>(&self, page: &Page<T>) -> Option<Self> {
        let key = decode_token(page.next.as_deref()?)?;
        Some(Self {
            start_after: Some(key),
            ..self.clone()
        })
    }

    pub fn from_request<T: Record>(request: &lambda_http::Request) -> Result<Self, ApiError> {
        let limit = match query_param(request, "limit") {
            None => DEFAULT_PAGE_SIZE,
            Some(raw) => raw
                .parse::<i32>()
                .ok()
                .filter(|n| (1..=MAX_PAGE_SIZE).contains(n))
                .ok_or_else(|| {
                    ApiError::BadRequest(format!(
                        "`limit` must be a whole number from 1 to {MAX_PAGE_SIZE}"
                    ))
                })?,
        };
        let partition = T::INDEX.and_then(|index| query_param(request, index.partition));
        if partition.is_some_and(str::is_empty) {
            return Err(ApiError::BadRequest(
                "an empty index value matches nothing: leave it out to list everything".into(),
            ));
        }
        if let Some(value) = partition {
            T::check_partition(value)?;
        }
        let partition = partition.map(str::to_owned);
        // Tokens carry the key of the last item of a page: anything else was not issued here.
        let start_after =
            match query_param(request, "next") {
                None => None,
                Some(token) => Some(start_after::<T>(token, partition.as_deref()).ok_or_else(
                    || ApiError::BadRequest("`next` is not a token of this API".into()),
                )?),
            };
        Ok(Self {
            limit,
            partition,
            start_after,
        })
    }
}

/// The key in a `next` token, if the token is one this listing issued: exactly its key
/// attributes, a UUID `id`, the partition asked for, and a number for a number sort key.
fn start_after<T: Record>(token: &str, partition: Option<&str>) -> Option<Key> {
    let mut key = decode_token(token)?;
    let source = Source::of::<T>(partition);
    let names = source.key_names();
    if key.len() != names.len() || !names.iter().all(|name| key.contains_key(*name)) {
        return None;
    }
    if let Source::Query {
        partition, value, ..
    } = source
        && key.get(partition).map(String::as_str) != Some(value)
    {
        return None;
    }
    if let Source::Query {
        sort: Some(sort),
        numeric: true,
        ..
    } = source
        && !key
            .get(sort)
            .and_then(|n| n.parse::<f64>().ok())
            .is_some_and(f64::is_finite)
    {
        return None;
    }
    let id = uuid::Uuid::parse_str(key.get("id")?).ok()?;
    key.insert("id".to_owned(), id.hyphenated().to_string());
    Some(key)
}

/// The `next` token of a page that ends with `item`: its key attributes among `names`.
fn token_after(item: &Item, names: &[&str]) -> String {
    let key: Item = names
        .iter()
        .filter_map(|name| Some(((*name).to_owned(), item.get(*name)?.clone())))
        .collect();
    encode_token(&key)
}

/// A token's key as DynamoDB takes it: strings, and the number of a number sort key.
fn exclusive_start(key: &Key, source: Source<'_>) -> Item {
    let number = match source {
        Source::Query {
            sort,
            numeric: true,
            ..
        } => sort,
        _ => None,
    };
    key.iter()
        .map(|(name, value)| {
            let value = if Some(name.as_str()) == number {
                AttributeValue::N(value.clone())
            } else {
                AttributeValue::S(value.clone())
            };
            (name.clone(), value)
        })
        .collect()
}

/// A number as text that sorts as the number does (the bits of the `f64`, sign-adjusted): the
/// memory store's order of a number sort key, as DynamoDB orders `N`.
fn sortable_number(text: &str) -> String {
    let n: f64 = text.parse().unwrap_or_default();
    let bits = n.to_bits();
    let bits = if n.is_sign_negative() {
        !bits
    } else {
        bits | (1 << 63)
    };
    format!("{bits:016x}")
}

/// What a conditional write did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written<T> {
    /// Written; the value as stored, with its new version.
    Done(T),
    /// There is no record with that id.
    NotFound,
    /// The stored version is not one `If-Match` accepts: someone else wrote first.
    VersionMismatch,
}

/// One page of records, and the token of the next page if there is one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// Storage of records: [`DynamoStore`] in Lambda, [`MemoryStore`] in unit tests.
pub trait Store<T: Record>: Send + Sync {
    /// Stores a new record; `Ok(false)` if its id is taken.
    fn create(&self, value: &T) -> impl Future<Output = StoreResult<bool>> + Send;
    /// The record with this id, if any, as last written (a read after a write sees it).
    fn get(&self, id: &str) -> impl Future<Output = StoreResult<Option<T>>> + Send;
    /// One page of records, in storage order.
    fn list(&self, page: &PageRequest) -> impl Future<Output = StoreResult<Page<T>>> + Send;
    /// Replaces the fields of an existing record whose version `expected` accepts, and counts
    /// a version.
    fn update(
        &self,
        new: &T,
        expected: &IfMatch,
    ) -> impl Future<Output = StoreResult<Written<T>>> + Send;
    /// Deletes a record whose version `expected` accepts.
    fn delete(
        &self,
        id: &str,
        expected: &IfMatch,
    ) -> impl Future<Output = StoreResult<Written<()>>> + Send;
}

/// Records in a DynamoDB table whose partition key is the string `id`.
#[derive(Debug, Clone)]
pub struct DynamoStore<T> {
    client: Client,
    table: String,
    record: PhantomData<fn() -> T>,
}

impl<T: Record> DynamoStore<T> {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self {
            client,
            table: table.into(),
            record: PhantomData,
        }
    }

    /// The store of the table named by [`Record::TABLE_ENV`], with a client configured from the
    /// environment.
    pub async fn from_env() -> Result<Self, ConfigError> {
        let table = dynamo::table_name(T::TABLE_ENV)?;
        Ok(Self::new(dynamo::client().await, table))
    }

    /// The table's name.
    pub fn table(&self) -> &str {
        &self.table
    }

    /// Creates the table with the key schema of the infrastructure (partition key `id`, a
    /// string; on-demand; its indexes), in a local DynamoDB. `Ok(false)` if it exists already.
    pub async fn create_table(&self) -> StoreResult<bool> {
        let build = |e: aws_sdk_dynamodb::error::BuildError| StoreError::new(e.to_string());
        let attribute = |name: &str, scalar: ScalarAttributeType| {
            AttributeDefinition::builder()
                .attribute_name(name)
                .attribute_type(scalar)
                .build()
                .map_err(build)
        };
        let key = |name: &str, key_type: KeyType| {
            KeySchemaElement::builder()
                .attribute_name(name)
                .key_type(key_type)
                .build()
                .map_err(build)
        };
        let mut request = self
            .client
            .create_table()
            .table_name(&self.table)
            .key_schema(key("id", KeyType::Hash)?)
            .billing_mode(BillingMode::PayPerRequest);
        // Each key attribute is defined once, though two indexes may share it: strings, and
        // numbers for a number sort key.
        let mut attributes = vec![("id", ScalarAttributeType::S)];
        let type_of = |number: bool| {
            if number {
                ScalarAttributeType::N
            } else {
                ScalarAttributeType::S
            }
        };
        let indexes = T::INDEX
            .map(|index| {
                (
                    index.name,
                    index.partition,
                    index.sort,
                    index.sort_is_number,
                )
            })
            .into_iter()
            .chain(T::SORT_KEY.map(|sort_key| {
                (
                    sort_key.name,
                    LISTED,
                    Some(sort_key.field),
                    sort_key.is_number,
                )
            }));
        for (name, partition, sort, number) in indexes {
            let mut gsi = GlobalSecondaryIndex::builder()
                .index_name(name)
                .key_schema(key(partition, KeyType::Hash)?)
                .projection(
                    Projection::builder()
                        .projection_type(ProjectionType::All)
                        .build(),
                );
            if let Some(sort) = sort {
                gsi = gsi.key_schema(key(sort, KeyType::Range)?);
            }
            attributes.push((partition, ScalarAttributeType::S));
            attributes.extend(sort.map(|sort| (sort, type_of(number))));
            request = request.global_secondary_indexes(gsi.build().map_err(build)?);
        }
        attributes.sort_unstable_by_key(|(name, _)| *name);
        attributes.dedup_by_key(|(name, _)| *name);
        for (name, scalar) in attributes {
            request = request.attribute_definitions(attribute(name, scalar)?);
        }
        let result = request.send().await;
        match result {
            Ok(_) => Ok(true),
            Err(error)
                if error
                    .as_service_error()
                    .is_some_and(|e| e.is_resource_in_use_exception()) =>
            {
                Ok(false)
            }
            Err(error) => Err(error.into()),
        }
    }
}

/// Attribute names and values of an expression, as DynamoDB takes them.
type Expression = (HashMap<String, String>, HashMap<String, AttributeValue>);

/// The condition of a conditional write: the item exists, at a version `expected` accepts.
fn condition(expected: &IfMatch) -> (String, Expression) {
    match expected {
        IfMatch::Any => (
            "attribute_exists(id)".to_owned(),
            (HashMap::new(), HashMap::new()),
        ),
        IfMatch::OneOf(versions) => {
            let placeholders: Vec<String> = (0..versions.len()).map(|i| format!(":v{i}")).collect();
            let values = placeholders
                .iter()
                .cloned()
                .zip(versions.iter().map(|v| AttributeValue::N(v.to_string())))
                .collect();
            let names = HashMap::from([("#version".to_owned(), "version".to_owned())]);
            let list = placeholders.join(", ");
            (
                format!("attribute_exists(id) AND #version IN ({list})"),
                (names, values),
            )
        }
    }
}

/// The update expression that writes `item`'s fields: `SET` those present, `REMOVE` the
/// others, one more version. Every name is aliased, so a field may be a DynamoDB reserved word.
fn update_expression<T: Record>(item: &Item, (names, values): &mut Expression) -> String {
    let (mut set, mut remove) = (Vec::new(), Vec::new());
    for (i, field) in T::FIELDS.iter().enumerate() {
        names.insert(format!("#f{i}"), (*field).to_owned());
        match item.get(*field) {
            Some(value) => {
                values.insert(format!(":f{i}"), value.clone());
                set.push(format!("#f{i} = :f{i}"));
            }
            None => remove.push(format!("#f{i}")),
        }
    }
    names.insert("#version".to_owned(), "version".to_owned());
    values.insert(":one".to_owned(), AttributeValue::N("1".to_owned()));
    let mut expression = String::new();
    if !set.is_empty() {
        expression += &format!("SET {} ", set.join(", "));
    }
    if !remove.is_empty() {
        expression += &format!("REMOVE {} ", remove.join(", "));
    }
    expression + "ADD #version :one"
}

fn key(id: &str) -> Item {
    HashMap::from([("id".to_owned(), AttributeValue::S(id.to_owned()))])
}

impl<T: Record> Store<T> for DynamoStore<T> {
    async fn create(&self, value: &T) -> StoreResult<bool> {
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(to_item(value)?))
            // Never overwrite: an existing id is a conflict, not an upsert.
            .condition_expression("attribute_not_exists(id)")
            .send()
            .await;
        match result {
            Ok(_) => Ok(true),
            Err(error)
                if error
                    .as_service_error()
                    .is_some_and(|e| e.is_conditional_check_failed_exception()) =>
            {
                Ok(false)
            }
            Err(error) => Err(error.into()),
        }
    }

    async fn get(&self, id: &str) -> StoreResult<Option<T>> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key(id)))
            // Strongly consistent: a GET right after a 201 or a 200 sees that write.
            .consistent_read(true)
            .send()
            .await?;
        output.item().map(from_item).transpose()
    }

    async fn list(&self, page: &PageRequest) -> StoreResult<Page<T>> {
        let source = Source::of::<T>(page.partition.as_deref());
        let start = page
            .start_after
            .as_ref()
            .map(|key| exclusive_start(key, source));
        let (items, last) = match source {
            // One partition of an index: a query, in the order of the index's sort key.
            Source::Query {
                index,
                partition,
                value,
                forward,
                ..
            } => {
                let output = self
                    .client
                    .query()
                    .table_name(&self.table)
                    .index_name(index)
                    .key_condition_expression("#partition = :partition")
                    .expression_attribute_names("#partition", partition)
                    .expression_attribute_values(":partition", AttributeValue::S(value.to_owned()))
                    .scan_index_forward(forward)
                    .limit(page.limit)
                    .set_exclusive_start_key(start)
                    .send()
                    .await?;
                (output.items, output.last_evaluated_key)
            }
            Source::Scan => {
                let output = self
                    .client
                    .scan()
                    .table_name(&self.table)
                    .limit(page.limit)
                    .set_exclusive_start_key(start)
                    .send()
                    .await?;
                (output.items, output.last_evaluated_key)
            }
        };
        let items = items
            .unwrap_or_default()
            .iter()
            .map(from_item)
            .collect::<Result<Vec<_>, _>>()?;
        let next = last.as_ref().map(encode_token);
        Ok(Page { items, next })
    }

    async fn update(&self, new: &T, expected: &IfMatch) -> StoreResult<Written<T>> {
        let (condition, mut expression) = condition(expected);
        let update = update_expression::<T>(&to_item(new)?, &mut expression);
        let (names, values) = expression;
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key(new.id())))
            // Only an existing record (a PUT to a missing id is a 404, not an upsert), at a
            // version the caller accepts; a failed condition returns the stored item, if any.
            .condition_expression(condition)
            .set_expression_attribute_names(Some(names))
            .set_expression_attribute_values(Some(values))
            .update_expression(update)
            .return_values(ReturnValue::AllNew)
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
            .send()
            .await;
        match result {
            Ok(output) => match output.attributes() {
                Some(item) => Ok(Written::Done(from_item(item)?)),
                None => Err(StoreError::new("an update returned no item")),
            },
            Err(error) => match error.as_service_error() {
                Some(UpdateItemError::ConditionalCheckFailedException(failed)) => {
                    Ok(if failed.item().is_some() {
                        Written::VersionMismatch
                    } else {
                        Written::NotFound
                    })
                }
                _ => Err(error.into()),
            },
        }
    }

    async fn delete(&self, id: &str, expected: &IfMatch) -> StoreResult<Written<()>> {
        let (condition, (names, values)) = condition(expected);
        let result = self
            .client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(key(id)))
            .condition_expression(condition)
            .set_expression_attribute_names((!names.is_empty()).then_some(names))
            .set_expression_attribute_values((!values.is_empty()).then_some(values))
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
            .send()
            .await;
        match result {
            Ok(_) => Ok(Written::Done(())),
            Err(error) => match error.as_service_error() {
                Some(DeleteItemError::ConditionalCheckFailedException(failed)) => {
                    Ok(if failed.item().is_some() {
                        Written::VersionMismatch
                    } else {
                        Written::NotFound
                    })
                }
                _ => Err(error.into()),
            },
        }
    }
}

/// Records in memory, as the items DynamoDB would hold, ordered by id: the store of unit
/// tests, no DynamoDB needed.
#[derive(Debug)]
pub struct MemoryStore<T> {
    items: Mutex<BTreeMap<String, Item>>,
    record: PhantomData<fn() -> T>,
}

impl<T> Default for MemoryStore<T> {
    fn default() -> Self {
        Self {
            items: Mutex::default(),
            record: PhantomData,
        }
    }
}

impl<T: Record> MemoryStore<T> {
    /// A store that holds these records.
    pub fn with(values: impl IntoIterator<Item = T>) -> Self {
        let items = values
            .into_iter()
            .filter_map(|v| Some((v.id().to_owned(), to_item(&v).ok()?)))
            .collect();
        Self {
            items: Mutex::new(items),
            record: PhantomData,
        }
    }

    fn items(&self) -> MutexGuard<'_, BTreeMap<String, Item>> {
        // A panic while the lock was held cannot leave the map half-written: keep using it.
        self.items.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn stored_version(item: &Item) -> u64 {
    item.get("version")
        .and_then(|v| v.as_n().ok())
        .and_then(|n| n.parse().ok())
        .unwrap_or_default()
}

impl<T: Record> Store<T> for MemoryStore<T> {
    async fn create(&self, value: &T) -> StoreResult<bool> {
        let item = to_item(value)?;
        let mut items = self.items();
        if items.contains_key(value.id()) {
            return Ok(false);
        }
        items.insert(value.id().to_owned(), item);
        Ok(true)
    }

    async fn get(&self, id: &str) -> StoreResult<Option<T>> {
        self.items().get(id).map(from_item).transpose()
    }

    async fn list(&self, page: &PageRequest) -> StoreResult<Page<T>> {
        let items = self.items();
        let source = Source::of::<T>(page.partition.as_deref());
        let names = source.key_names();
        let text = |item: &Item, name: &str| -> String {
            match item.get(name) {
                Some(AttributeValue::S(text)) => text.clone(),
                Some(AttributeValue::N(number)) => sortable_number(number),
                _ => String::new(),
            }
        };
        // As DynamoDB reads them: by id in a scan; one partition of an index (the records that
        // have its keys) in the order of its sort key, in a query, backwards if asked.
        let (sort, forward) = match source {
            Source::Query { sort, forward, .. } => (sort, forward),
            Source::Scan => (None, true),
        };
        let order = |item: &Item| -> Vec<String> {
            sort.map(|name| text(item, name))
                .into_iter()
                .chain([text(item, "id")])
                .collect()
        };
        let mut listed: Vec<&Item> = match source {
            Source::Query {
                partition, value, ..
            } => items
                .values()
                .filter(|item| names.iter().all(|name| item.contains_key(*name)))
                .filter(|item| text(item, partition) == value)
                .collect(),
            Source::Scan => items.values().collect(),
        };
        listed.sort_by_key(|item| order(item));
        if !forward {
            listed.reverse();
        }
        let after = page
            .start_after
            .as_ref()
            .map(|key| order(&exclusive_start(key, source)));
        let mut rest = listed.into_iter().filter(|item| {
            after
                .as_ref()
                .is_none_or(|after| (order(item) > *after) == forward && order(item) != *after)
        });
        let limit = usize::try_from(page.limit).unwrap_or(0);
        let chosen: Vec<&Item> = rest.by_ref().take(limit).collect();
        let next = match (rest.next(), chosen.last()) {
            (Some(_), Some(last)) => Some(token_after(last, &names)),
            _ => None,
        };
        Ok(Page {
            items: chosen
                .into_iter()
                .map(from_item)
                .collect::<Result<_, _>>()?,
            next,
        })
    }

    async fn update(&self, new: &T, expected: &IfMatch) -> StoreResult<Written<T>> {
        let written = to_item(new)?;
        let mut items = self.items();
        let Some(stored) = items.get_mut(new.id()) else {
            return Ok(Written::NotFound);
        };
        let version = stored_version(stored);
        if !expected.accepts(version) {
            return Ok(Written::VersionMismatch);
        }
        // As DynamoDB's update does: the fields set or removed, the rest kept, one more version.
        for field in T::FIELDS {
            match written.get(*field) {
                Some(value) => stored.insert((*field).to_owned(), value.clone()),
                None => stored.remove(*field),
            };
        }
        stored.insert(
            "version".to_owned(),
            AttributeValue::N((version + 1).to_string()),
        );
        Ok(Written::Done(from_item(stored)?))
    }

    async fn delete(&self, id: &str, expected: &IfMatch) -> StoreResult<Written<()>> {
        let mut items = self.items();
        match items.get(id) {
            None => Ok(Written::NotFound),
            Some(stored) if !expected.accepts(stored_version(stored)) => {
                Ok(Written::VersionMismatch)
            }
            Some(_) => {
                items.remove(id);
                Ok(Written::Done(()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    /// A record with a field of each kind the update expression treats differently.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Note {
        id: String,
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        size: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        kept: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        shelf: Option<String>,
        #[serde(skip)]
        version: u64,
    }

    impl Record for Note {
        const LABEL: &'static str = "note";
        const TABLE_ENV: &'static str = "NOTES_TABLE";
        const FIELDS: &'static [&'static str] = &["text", "size", "shelf"];
        const INDEX: Option<Index> = Some(Index {
            name: "by-shelf",
            partition: "shelf",
            sort: Some("text"),
            sort_is_number: false,
        });
        fn id(&self) -> &str {
            &self.id
        }
        fn version(&self) -> u64 {
            self.version
        }
        fn set_version(&mut self, version: u64) {
            self.version = version;
        }
    }

    fn note(id: &str) -> Note {
        Note {
            id: id.to_owned(),
            text: format!("note {id}"),
            size: Some(1.5),
            kept: Some("recorded by the API".into()),
            shelf: None,
            version: FIRST_VERSION,
        }
    }

    /// A record whose whole list is in the order of `at`, latest first.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Entry {
        id: String,
        at: String,
        #[serde(skip)]
        version: u64,
    }

    impl Record for Entry {
        const LABEL: &'static str = "entry";
        const TABLE_ENV: &'static str = "ENTRIES_TABLE";
        const FIELDS: &'static [&'static str] = &["at"];
        const SORT_KEY: Option<SortKey> = Some(SortKey {
            name: "sorted-by-at",
            field: "at",
            descending: true,
            is_number: false,
        });
        fn id(&self) -> &str {
            &self.id
        }
        fn version(&self) -> u64 {
            self.version
        }
        fn set_version(&mut self, version: u64) {
            self.version = version;
        }
    }

    /// A record whose whole list is in numeric order of `rank`, smallest first.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Ranked {
        id: String,
        rank: f64,
        #[serde(skip)]
        version: u64,
    }

    impl Record for Ranked {
        const LABEL: &'static str = "ranked";
        const TABLE_ENV: &'static str = "RANKED_TABLE";
        const FIELDS: &'static [&'static str] = &["rank"];
        const SORT_KEY: Option<SortKey> = Some(SortKey {
            name: "sorted-by-rank",
            field: "rank",
            descending: false,
            is_number: true,
        });
        fn id(&self) -> &str {
            &self.id
        }
        fn version(&self) -> u64 {
            self.version
        }
        fn set_version(&mut self, version: u64) {
            self.version = version;
        }
    }

    /// Every page of a listing, by its `next` tokens.
    async fn every_page<T: Record>(store: &MemoryStore<T>, first: PageRequest) -> Vec<String> {
        let mut seen = Vec::new();
        let mut request = Some(first);
        while let Some(asked) = request {
            let page = store
                .list(&asked)
                .await
                .expect("memory store does not fail");
            seen.extend(page.items.iter().map(|i| i.id().to_owned()));
            request = asked.next(&page);
        }
        seen
    }

    const ID: &str = "00000000-0000-4000-8000-000000000001";

    #[test]
    fn items_round_trip_with_their_version() {
        let value = Note {
            version: 7,
            ..note(ID)
        };
        let item = to_item(&value).expect("a record converts");
        assert_eq!(item.get("version"), Some(&AttributeValue::N("7".into())));
        assert_eq!(from_item::<Note>(&item).ok(), Some(value));
        let mut unversioned = item;
        unversioned.remove("version");
        assert!(from_item::<Note>(&unversioned).is_err());
    }

    #[test]
    fn an_item_over_dynamodbs_400_kb_is_refused_before_it_is_sent() {
        // `id` (2 + 36), `text` (4 + n) and `version` (7 + 21).
        let sized = |n: usize| {
            to_item(&Note {
                text: "x".repeat(n),
                size: None,
                kept: None,
                ..note(ID)
            })
        };
        let fits = ITEM_MAX_BYTES - 2 - 36 - 4 - 7 - 21;
        assert!(sized(fits).is_ok());
        let error = sized(fits + 1).expect_err("one byte too many");
        assert!(matches!(error, StoreError::TooLarge(size) if size == ITEM_MAX_BYTES + 1));
        assert_eq!(ApiError::from(error).status(), 413);
    }

    #[test]
    fn updates_alias_every_name_and_remove_absent_fields() {
        let item = to_item(&Note {
            size: None,
            ..note(ID)
        })
        .expect("a record converts");
        let mut expression = (HashMap::new(), HashMap::new());
        let update = update_expression::<Note>(&item, &mut expression);
        assert_eq!(update, "SET #f0 = :f0 REMOVE #f1, #f2 ADD #version :one");
        assert_eq!(expression.0.get("#f1").map(String::as_str), Some("size"));
        assert!(!expression.1.contains_key(":f1"));
    }

    #[tokio::test]
    async fn memory_store_pages_through_everything_once() {
        let ids = [
            "00000000-0000-4000-8000-000000000001",
            "00000000-0000-4000-8000-000000000002",
            "00000000-0000-4000-8000-000000000003",
            "00000000-0000-4000-8000-000000000004",
            "00000000-0000-4000-8000-000000000005",
        ];
        let store = MemoryStore::with(ids.map(note));
        assert_eq!(every_page(&store, PageRequest::first(2)).await, ids);
    }

    #[tokio::test]
    async fn an_index_lists_one_partition_in_sort_key_order() {
        let on = |id: &str, shelf: Option<&str>, text: &str| Note {
            shelf: shelf.map(str::to_owned),
            text: text.to_owned(),
            ..note(id)
        };
        let store = MemoryStore::with([
            on("00000000-0000-4000-8000-000000000001", Some("a"), "c"),
            on("00000000-0000-4000-8000-000000000002", Some("b"), "a"),
            on("00000000-0000-4000-8000-000000000003", Some("a"), "a"),
            on("00000000-0000-4000-8000-000000000004", None, "b"),
            on("00000000-0000-4000-8000-000000000005", Some("a"), "b"),
        ]);
        let shelf_a = PageRequest {
            partition: Some("a".into()),
            ..PageRequest::first(1)
        };
        assert_eq!(
            every_page(&store, shelf_a).await,
            [
                "00000000-0000-4000-8000-000000000003",
                "00000000-0000-4000-8000-000000000005",
                "00000000-0000-4000-8000-000000000001",
            ],
        );
        let first = store
            .list(&PageRequest {
                partition: Some("a".into()),
                ..PageRequest::first(1)
            })
            .await
            .expect("memory store does not fail");
        // A token of this query carries the index's keys: not one of a scan, nor of another partition.
        let token = first.next.expect("more than one page");
        assert!(start_after::<Note>(&token, Some("a")).is_some());
        assert_eq!(start_after::<Note>(&token, None), None);
        assert_eq!(start_after::<Note>(&token, Some("b")), None);
    }

    #[tokio::test]
    async fn a_sort_key_lists_everything_in_its_order() {
        let entry = |id: &str, at: &str| Entry {
            id: id.to_owned(),
            at: at.to_owned(),
            version: FIRST_VERSION,
        };
        let entries = [
            entry("00000000-0000-4000-8000-000000000001", "2024-03-01"),
            entry("00000000-0000-4000-8000-000000000002", "2025-01-31"),
            entry("00000000-0000-4000-8000-000000000003", "2024-03-01"),
            entry("00000000-0000-4000-8000-000000000004", "2023-12-24"),
            entry("00000000-0000-4000-8000-000000000005", "2024-11-05"),
        ];
        // Stored with the partition of the sorted index, read back without it.
        let item = to_item(&entries[0]).expect("a record converts");
        assert_eq!(
            item.get(LISTED),
            Some(&AttributeValue::S(LISTED_VALUE.into()))
        );
        assert_eq!(from_item::<Entry>(&item).ok().as_ref(), Some(&entries[0]));
        let store = MemoryStore::with(entries);
        assert_eq!(
            every_page(&store, PageRequest::first(2)).await,
            [
                "00000000-0000-4000-8000-000000000002",
                "00000000-0000-4000-8000-000000000005",
                "00000000-0000-4000-8000-000000000003",
                "00000000-0000-4000-8000-000000000001",
                "00000000-0000-4000-8000-000000000004",
            ],
        );
        // Its tokens carry the sorted index's keys: a scan's token is not one of them.
        let first = store
            .list(&PageRequest::first(1))
            .await
            .expect("memory store does not fail");
        let token = first.next.expect("more than one page");
        assert!(start_after::<Entry>(&token, None).is_some());
        let scan = token_after(&key(ID), &["id"]);
        assert_eq!(start_after::<Entry>(&scan, None), None);
    }

    #[tokio::test]
    async fn a_number_sort_key_lists_in_numeric_order() {
        let ranks = [9.0, 10.0, 100.0, -2.5, -10.0, 0.0];
        let store = MemoryStore::with(ranks.iter().enumerate().map(|(n, rank)| Ranked {
            id: format!("00000000-0000-4000-8000-{n:012}"),
            rank: *rank,
            version: FIRST_VERSION,
        }));
        let ids = every_page(&store, PageRequest::first(2)).await;
        let listed: Vec<f64> = ids
            .iter()
            .filter_map(|id| ranks.get(id[24..].parse::<usize>().ok()?).copied())
            .collect();
        // As numbers, not as text ("-10" < "-2.5" < "0" < "10" < "100" < "9").
        assert_eq!(listed, [-10.0, -2.5, 0.0, 9.0, 10.0, 100.0]);
        // Its tokens carry the number; one whose rank is not a number was not issued here.
        let first = store
            .list(&PageRequest::first(1))
            .await
            .expect("memory store does not fail");
        let token = first.next.expect("more than one page");
        let key = start_after::<Ranked>(&token, None).expect("a token of this listing");
        assert_eq!(key.get("rank").map(String::as_str), Some("-10"));
        let mut forged = key.clone();
        forged.insert("rank".to_owned(), "ten".to_owned());
        let forged: Item = forged
            .into_iter()
            .map(|(name, value)| (name, AttributeValue::S(value)))
            .collect();
        assert_eq!(start_after::<Ranked>(&encode_token(&forged), None), None);
    }

    #[tokio::test]
    async fn writes_count_versions_keep_what_the_api_records_and_honour_if_match() {
        let store = MemoryStore::with([note(ID)]);
        let change = Note {
            text: "changed".into(),
            size: None,
            kept: None,
            ..note(ID)
        };
        let stale = IfMatch::OneOf(vec![FIRST_VERSION + 1]);
        let written = store.update(&change, &stale).await.ok();
        assert_eq!(written, Some(Written::VersionMismatch));
        let current = IfMatch::OneOf(vec![FIRST_VERSION]);
        match store.update(&change, &current).await.ok() {
            Some(Written::Done(stored)) => {
                assert_eq!(stored.version, FIRST_VERSION + 1);
                assert_eq!((stored.text.as_str(), stored.size), ("changed", None));
                assert_eq!(stored.kept, note(ID).kept, "not a field: kept");
            }
            other => panic!("expected a write, got {other:?}"),
        }
        let deleted = store.delete(ID, &current).await.ok();
        assert_eq!(
            deleted,
            Some(Written::VersionMismatch),
            "the version moved on"
        );
        let deleted = store.delete(ID, &IfMatch::Any).await.ok();
        assert_eq!(deleted, Some(Written::Done(())));
        let missing = store.update(&change, &IfMatch::Any).await.ok();
        assert_eq!(missing, Some(Written::NotFound));
    }

    #[test]
    fn tokens_of_a_scan_carry_one_uuid_id() {
        let token = |id: &str| token_after(&key(id), &["id"]);
        let expected = Key::from([("id".to_owned(), ID.to_owned())]);
        assert_eq!(start_after::<Note>(&token(ID), None), Some(expected));
        assert_eq!(start_after::<Note>(&token("not-a-uuid"), None), None);
        assert_eq!(start_after::<Note>("not-a-token", None), None);
    }

    #[test]
    fn a_member_that_may_be_left_out_is_never_null() {
        #[derive(serde::Deserialize)]
        struct Sent {
            #[serde(default, deserialize_with = "present")]
            id: Option<String>,
        }
        let read = |json: &str| serde_json::from_str::<Sent>(json).map(|sent| sent.id);
        assert_eq!(read("{}").ok(), Some(None));
        assert_eq!(read(r#"{"id":"x"}"#).ok(), Some(Some("x".to_owned())));
        assert!(read(r#"{"id":null}"#).is_err());
        assert!(check_created_by(Some(&"x".repeat(CREATED_BY_MAX))).is_ok());
        assert!(check_created_by(Some(&"x".repeat(CREATED_BY_MAX + 1))).is_err());
    }

    #[test]
    fn ids_are_uuids_and_a_body_may_repeat_its_own() {
        assert!(parse_id::<Note>("3f1c2a8e-5b7d-4c9e-8a1f-6d2b0e4c7a91").is_ok());
        assert!(parse_id::<Note>("not-a-uuid").is_err());
        // Only the hyphenated form of `format: uuid`.
        assert!(parse_id::<Note>("3f1c2a8e5b7d4c9e8a1f6d2b0e4c7a91").is_err());
        assert!(parse_id::<Note>("{3f1c2a8e-5b7d-4c9e-8a1f-6d2b0e4c7a91}").is_err());
        assert!(check_body_id::<Note>(None, ID).is_ok());
        assert!(check_body_id::<Note>(Some(ID), ID).is_ok());
        let other = "00000000-0000-4000-8000-000000000002";
        assert!(check_body_id::<Note>(Some(other), ID).is_err());
    }
}
