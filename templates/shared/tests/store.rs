//! The generic DynamoDB store against a real DynamoDB-compatible endpoint, with a record that has
//! a field of each kind a resource may have. Ignored by a plain `cargo test`; `make
//! test-integration` runs it against the local DynamoDB of README.md, in tables of its own that
//! it creates.

// Helpers of these tests expect, as the tests do: a failed expectation is the test failing.
#![allow(clippy::expect_used)]

use serde::{Deserialize, Serialize};
use shared::dynamo;
use shared::http::IfMatch;
use shared::store::{
    DynamoStore, FIRST_VERSION, Index, PageRequest, Record, SortKey, Store, Written, new_id,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
enum Status {
    #[serde(rename = "draft")]
    Draft,
    #[serde(rename = "live")]
    Live,
}

/// Every kind of field: text, whole and decimal numbers, a flag, an enum, arrays, optional ones,
/// and one the API records itself (`kept`: not a field, so an update keeps it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Book {
    id: String,
    title: String,
    pages: i64,
    price: f64,
    published: bool,
    status: Status,
    tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    released: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    scores: Option<Vec<i64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kept: Option<String>,
    /// The partition key of the index; a book without it is not in the index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    shelf: Option<String>,
    #[serde(skip)]
    version: u64,
}

impl Record for Book {
    const LABEL: &'static str = "book";
    const TABLE_ENV: &'static str = "STORE_TEST_TABLE";
    const INDEX: Option<Index> = Some(Index {
        name: "by-shelf",
        partition: "shelf",
        sort: Some("title"),
        sort_is_number: false,
    });
    const FIELDS: &'static [&'static str] = &[
        "title",
        "pages",
        "price",
        "published",
        "status",
        "tags",
        "released",
        "scores",
        "shelf",
    ];
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

fn book(n: i64) -> Book {
    Book {
        id: new_id(),
        title: format!("Book {n}"),
        pages: 100 + n,
        price: 9.5,
        published: true,
        status: Status::Draft,
        tags: vec!["blue".into(), "new".into()],
        released: Some("2026-11-27".into()),
        scores: Some(vec![1, 2, 3]),
        kept: Some("the-creator".into()),
        shelf: None,
        version: FIRST_VERSION,
    }
}

async fn store() -> DynamoStore<Book> {
    let table = format!("store-test-{}", new_id());
    let client = dynamo::client().await;
    let store = DynamoStore::new(client, table);
    store
        .create_table()
        .await
        .expect("the test table is created");
    store
}

/// What `value` says of each record of a listing, page by page by its `next` tokens.
async fn every_page<T: Record, V>(
    store: &DynamoStore<T>,
    first: PageRequest,
    value: impl Fn(&T) -> V,
) -> Vec<V> {
    let mut seen = Vec::new();
    let mut request = Some(first);
    while let Some(asked) = request {
        let page = store.list(&asked).await.expect("list");
        seen.extend(page.items.iter().map(&value));
        request = asked.next(&page);
    }
    seen
}

#[tokio::test]
#[ignore = "needs a DynamoDB: make test-integration"]
async fn create_get_update_list_delete() {
    let store = store().await;
    let value = book(1);
    assert!(store.create(&value).await.expect("create"));
    assert!(
        !store.create(&value).await.expect("create again"),
        "a create never overwrites"
    );
    assert_eq!(
        store.get(&value.id).await.expect("get"),
        Some(value.clone())
    );

    let changed = Book {
        title: "Changed".into(),
        pages: -1,
        price: 0.25,
        published: false,
        status: Status::Live,
        tags: Vec::new(),
        released: None,
        scores: None,
        kept: None,
        ..value.clone()
    };
    let stale = IfMatch::OneOf(vec![FIRST_VERSION + 1]);
    assert_eq!(
        store.update(&changed, &stale).await.expect("update"),
        Written::VersionMismatch
    );
    let current = IfMatch::OneOf(vec![FIRST_VERSION]);
    // The fields as sent (those left out removed), what the API recorded kept, one more version.
    let expected = Book {
        kept: value.kept.clone(),
        version: FIRST_VERSION + 1,
        ..changed.clone()
    };
    assert_eq!(
        store.update(&changed, &current).await.expect("update"),
        Written::Done(expected.clone())
    );
    assert_eq!(
        store.get(&value.id).await.expect("get"),
        Some(expected.clone()),
        "a read sees the write before it"
    );
    let missing = Book {
        id: new_id(),
        ..changed.clone()
    };
    assert_eq!(
        store
            .update(&missing, &IfMatch::Any)
            .await
            .expect("update a missing id"),
        Written::NotFound,
        "no upsert"
    );
    assert_eq!(store.get(&missing.id).await.expect("get"), None);

    let page = store.list(&PageRequest::first(10)).await.expect("list");
    assert_eq!(page.items, vec![expected.clone()]);
    assert_eq!(page.next, None);

    assert_eq!(
        store.delete(&value.id, &current).await.expect("delete"),
        Written::VersionMismatch
    );
    assert_eq!(
        store
            .delete(&value.id, &IfMatch::Any)
            .await
            .expect("delete"),
        Written::Done(())
    );
    assert_eq!(
        store
            .delete(&value.id, &IfMatch::Any)
            .await
            .expect("delete again"),
        Written::NotFound
    );
}

#[tokio::test]
#[ignore = "needs a DynamoDB: make test-integration"]
async fn pages_cover_every_item_once() {
    let store = store().await;
    let mut ids = Vec::new();
    for n in 0..7 {
        let value = book(n);
        store.create(&value).await.expect("create");
        ids.push(value.id);
    }
    let mut seen = every_page(&store, PageRequest::first(3), |i| i.id.clone()).await;
    seen.sort();
    ids.sort();
    assert_eq!(seen, ids);
}

#[tokio::test]
#[ignore = "needs a DynamoDB: make test-integration"]
async fn an_index_lists_one_partition_in_sort_key_order_page_by_page() {
    let store = store().await;
    let mut expected = Vec::new();
    for (n, shelf, title) in [
        (0, Some("a"), "c"),
        (1, Some("b"), "a"),
        (2, Some("a"), "a"),
        (3, None, "b"),
        (4, Some("a"), "b"),
    ] {
        let value = Book {
            shelf: shelf.map(str::to_owned),
            title: title.to_owned(),
            ..book(n)
        };
        store.create(&value).await.expect("create");
        if shelf == Some("a") {
            expected.push((value.title.clone(), value.id.clone()));
        }
    }
    expected.sort();
    let shelf_a = PageRequest {
        partition: Some("a".into()),
        ..PageRequest::first(1)
    };
    let seen = every_page(&store, shelf_a, |i| (i.title.clone(), i.id.clone())).await;
    assert_eq!(seen, expected);
}

/// A record whose whole list is in descending order of `at`, which an index also sorts by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Entry {
    id: String,
    at: String,
    shelf: String,
    #[serde(skip)]
    version: u64,
}

impl Record for Entry {
    const LABEL: &'static str = "entry";
    const TABLE_ENV: &'static str = "STORE_TEST_TABLE";
    const INDEX: Option<Index> = Some(Index {
        name: "by-shelf",
        partition: "shelf",
        sort: Some("at"),
        sort_is_number: false,
    });
    const SORT_KEY: Option<SortKey> = Some(SortKey {
        name: "sorted-by-at",
        field: "at",
        descending: true,
        is_number: false,
    });
    const FIELDS: &'static [&'static str] = &["at", "shelf"];
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

#[tokio::test]
#[ignore = "needs a DynamoDB: make test-integration"]
async fn a_sort_key_lists_everything_in_its_order_page_by_page() {
    let client = dynamo::client().await;
    let store = DynamoStore::<Entry>::new(client, format!("store-test-{}", new_id()));
    // Two indexes that share a key attribute: the table defines it once.
    store
        .create_table()
        .await
        .expect("the test table is created");
    let mut entries = Vec::new();
    for (at, shelf) in [
        ("2024-03-01", "a"),
        ("2025-01-31", "b"),
        ("2024-03-01", "b"),
        ("2023-12-24", "a"),
        ("2024-11-05", "a"),
    ] {
        let entry = Entry {
            id: new_id(),
            at: at.into(),
            shelf: shelf.into(),
            version: FIRST_VERSION,
        };
        store.create(&entry).await.expect("create");
        entries.push(entry);
    }
    assert_eq!(
        every_page(&store, PageRequest::first(2), |i| i.at.clone()).await,
        [
            "2025-01-31",
            "2024-11-05",
            "2024-03-01",
            "2024-03-01",
            "2023-12-24"
        ],
    );
    // The index still answers one partition, in its own (ascending) order.
    let shelf_a = PageRequest {
        partition: Some("a".into()),
        ..PageRequest::first(1)
    };
    assert_eq!(
        every_page(&store, shelf_a, |i| i.at.clone()).await,
        ["2023-12-24", "2024-03-01", "2024-11-05"],
    );
    // An update that changes the sort key moves the record in the list.
    let moved = Entry {
        at: "2026-01-01".into(),
        ..entries[3].clone()
    };
    let written = store.update(&moved, &IfMatch::Any).await.expect("update");
    assert!(matches!(written, Written::Done(_)), "{written:?}");
    let first = store.list(&PageRequest::first(1)).await.expect("query");
    assert_eq!(
        first
            .items
            .iter()
            .map(|i| i.id.as_str())
            .collect::<Vec<_>>(),
        [moved.id.as_str()]
    );
}

/// A record whose list and index are in numeric order of `rank` (a DynamoDB `N` in both).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Ranked {
    id: String,
    rank: f64,
    shelf: String,
    #[serde(skip)]
    version: u64,
}

impl Record for Ranked {
    const LABEL: &'static str = "ranked";
    const TABLE_ENV: &'static str = "STORE_TEST_TABLE";
    const INDEX: Option<Index> = Some(Index {
        name: "by-shelf",
        partition: "shelf",
        sort: Some("rank"),
        sort_is_number: true,
    });
    const SORT_KEY: Option<SortKey> = Some(SortKey {
        name: "sorted-by-rank",
        field: "rank",
        descending: true,
        is_number: true,
    });
    const FIELDS: &'static [&'static str] = &["rank", "shelf"];
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

#[tokio::test]
#[ignore = "needs a DynamoDB: make test-integration"]
async fn a_number_sort_key_lists_in_numeric_order_page_by_page() {
    let client = dynamo::client().await;
    let store = DynamoStore::<Ranked>::new(client, format!("store-test-{}", new_id()));
    store
        .create_table()
        .await
        .expect("the test table is created");
    for (rank, shelf) in [
        (9.0, "a"),
        (10.0, "b"),
        (100.0, "a"),
        (-2.5, "a"),
        (0.5, "b"),
    ] {
        let value = Ranked {
            id: new_id(),
            rank,
            shelf: shelf.into(),
            version: FIRST_VERSION,
        };
        store.create(&value).await.expect("create");
    }
    // As numbers, not as text: the whole list largest first, one shelf smallest first.
    assert_eq!(
        every_page(&store, PageRequest::first(2), |i| i.rank).await,
        [100.0, 10.0, 9.0, 0.5, -2.5]
    );
    let shelf_a = PageRequest {
        partition: Some("a".into()),
        ..PageRequest::first(1)
    };
    assert_eq!(
        every_page(&store, shelf_a, |i| i.rank).await,
        [-2.5, 9.0, 100.0]
    );
}
