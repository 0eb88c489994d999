//! Saving and restoring the playground: the local-storage document (with a schema version and migrations),
//! share links (the same document deflated and base64url-encoded into the URL fragment) and scenario files.
//! Pure functions over text; the effects that call them live in the app component.

use std::collections::BTreeMap;

use account::json;
use base64::Engine as _;
use serde_json::{Map, Value};

/// The local-storage key of the saved state.
pub const STORAGE_KEY: &str = "secrets-playground/state";
/// Prefix of the keys a corrupted store is kept under (never deleted).
pub const CORRUPT_KEY_PREFIX: &str = "secrets-playground/corrupt/";
/// The schema version this build writes.
pub const SCHEMA_VERSION: u64 = 3;
/// The URL fragment prefix of share links.
pub const SHARE_PREFIX: &str = "#state=";

/// What is saved: the account (as a scenario file with its `state` section: audit trail, STS sessions, clock,
/// id generator, every entity's history) and the editor drafts that are not yet valid.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Saved {
    /// The scenario file JSON of the account.
    pub scenario: Value,
    /// Editor text by policy key, for policies whose text differs from what the account holds.
    pub drafts: BTreeMap<String, String>,
    /// The policy key open in the editor.
    pub selected: Option<String>,
}

impl Saved {
    pub fn to_json(&self) -> Value {
        json!({
            "schema": SCHEMA_VERSION,
            "scenario": self.scenario,
            "drafts": self.drafts,
            "selected": self.selected,
        })
    }

    pub fn to_text(&self) -> String {
        self.to_json().to_string()
    }

    /// Reads a saved document of any schema version this build knows, migrating it.
    pub fn from_text(text: &str) -> Result<Saved, String> {
        let value: Value =
            serde_json::from_str(text).map_err(|error| format!("the saved state is not JSON: {error}"))?;
        Saved::from_json(migrate(value)?)
    }

    fn from_json(value: Value) -> Result<Saved, String> {
        let Value::Object(mut object) = value else {
            return Err("the saved state is not a JSON object".to_owned());
        };
        let scenario = object
            .remove("scenario")
            .ok_or("the saved state has no `scenario`")?;
        let drafts = match object.remove("drafts") {
            Some(Value::Object(drafts)) => drafts
                .into_iter()
                .filter_map(|(key, text)| text.as_str().map(|text| (key, text.to_owned())))
                .collect(),
            _ => BTreeMap::new(),
        };
        let selected = object
            .remove("selected")
            .and_then(|value| value.as_str().map(str::to_owned));
        Ok(Saved {
            scenario,
            drafts,
            selected,
        })
    }
}

/// Brings a saved document of an older schema to [`SCHEMA_VERSION`].
///
/// - version 1 (no `schema` member): the bare scenario file.
/// - version 2: `{schema, scenario, drafts, selected}`; the scenario describes the world only (no trail, no
///   sessions, the clock's time but not its start).
/// - version 3: the same members; the scenario carries its `state` section, so that restoring is exact. A
///   version 2 document becomes version 3 as it is: its world restores as version 2 restored it, without the
///   run it did not save.
pub fn migrate(value: Value) -> Result<Value, String> {
    let version = match &value {
        Value::Object(object) => match object.get("schema") {
            None => 1,
            Some(schema) => schema
                .as_u64()
                .ok_or("the saved state's `schema` is not a number")?,
        },
        _ => return Err("the saved state is not a JSON object".to_owned()),
    };
    match version {
        1 => {
            let mut object = Map::new();
            object.insert("schema".to_owned(), json!(SCHEMA_VERSION));
            object.insert("scenario".to_owned(), value);
            object.insert("drafts".to_owned(), json!({}));
            Ok(Value::Object(object))
        }
        2 => {
            let Value::Object(mut object) = value else {
                return Err("the saved state is not a JSON object".to_owned());
            };
            object.insert("schema".to_owned(), json!(SCHEMA_VERSION));
            Ok(Value::Object(object))
        }
        SCHEMA_VERSION => Ok(value),
        newer => Err(format!(
            "the saved state has schema version {newer}, newer than this build knows"
        )),
    }
}

/// A share link's fragment for `saved`: `#state=` + base64url(deflate(JSON)).
pub fn share_fragment(saved: &Saved) -> String {
    let compressed = miniz_oxide::deflate::compress_to_vec(saved.to_text().as_bytes(), 9);
    format!(
        "{SHARE_PREFIX}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(compressed)
    )
}

/// Whether a URL fragment is a share link.
pub fn is_share_fragment(fragment: &str) -> bool {
    fragment.starts_with(SHARE_PREFIX)
}

/// Decodes a share link's fragment. Every failure is a message, never a panic.
pub fn from_share_fragment(fragment: &str) -> Result<Saved, String> {
    let encoded = fragment
        .strip_prefix(SHARE_PREFIX)
        .ok_or("the link is not a share link")?;
    let compressed = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(encoded.trim_end_matches('='))
        .map_err(|_| "the share link is damaged: it is not valid base64url".to_owned())?;
    // A share link is a few kilobytes; refuse to inflate past 16 MiB (a "zip bomb" link).
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(&compressed, 16 << 20)
        .map_err(|_| "the share link is damaged: its data does not decompress".to_owned())?;
    let text =
        String::from_utf8(bytes).map_err(|_| "the share link is damaged: its data is not text".to_owned())?;
    Saved::from_text(&text).map_err(|error| format!("the share link is damaged: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Saved {
        let mut drafts = BTreeMap::new();
        drafts.insert(
            "identity|cart-service-role|read".to_owned(),
            "{ \"Version\": ".to_owned(),
        );
        Saved {
            scenario: json!({"name": "canonical", "roles": [1, 2]}),
            drafts,
            selected: Some("x".into()),
        }
    }

    #[test]
    fn share_links_round_trip() {
        let saved = sample();
        let fragment = share_fragment(&saved);
        assert!(is_share_fragment(&fragment));
        assert_eq!(from_share_fragment(&fragment), Ok(saved));
    }

    #[test]
    fn malformed_share_links_are_messages() {
        for fragment in [
            "#state=",
            "#state=!!!",
            "#state=AAAA",
            "#nothing",
            "#state=eJzLSM3JyVcozy_KSQEAGgQEXQ",
        ] {
            assert!(from_share_fragment(fragment).is_err(), "{fragment}");
        }
    }

    #[test]
    fn migrates_version_two() {
        let saved = Saved::from_text(
            r#"{"schema": 2, "scenario": {"name": "canonical"}, "drafts": {"k": "t"}, "selected": "s"}"#,
        )
        .unwrap();
        assert_eq!(saved.scenario, json!({"name": "canonical"}));
        assert_eq!(saved.drafts.get("k").map(String::as_str), Some("t"));
        assert_eq!(saved.selected.as_deref(), Some("s"));
        assert_eq!(sample().to_json()["schema"], json!(3));
    }

    /// Reload and share links carry the whole world: the audit trail, the sessions and the clock come back.
    #[test]
    fn the_saved_document_restores_the_run_exactly() {
        let mut account = crate::engine::default_account();
        let mut shell = crate::engine::new_shell("i-0c4a7e1b9d2f36a58");
        crate::engine::run_command(
            &mut account,
            &mut shell,
            "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/Administrator --role-session-name saved",
        );
        crate::engine::run_command(
            &mut account,
            &mut shell,
            "aws secretsmanager get-secret-value --secret-id prod/cart-service/credentials",
        );
        crate::engine::advance(&mut account, 7200).unwrap();
        assert!(account.trail().len() >= 2);
        assert!(
            !account.sessions().is_empty(),
            "the instance's credentials are a session"
        );
        let scenario: Value =
            serde_json::from_str(&crate::engine::export_scenario(&account).unwrap()).unwrap();
        let saved = Saved {
            scenario,
            drafts: BTreeMap::new(),
            selected: None,
        };
        for text in [
            saved.to_text(),
            from_share_fragment(&share_fragment(&saved)).unwrap().to_text(),
        ] {
            let restored = Saved::from_text(&text).unwrap();
            let imported = crate::engine::import_scenario(&restored.scenario.to_string()).unwrap();
            assert_eq!(imported.trail(), account.trail());
            assert_eq!(imported.sessions(), account.sessions());
            assert_eq!(imported.now(), account.now());
            assert_eq!(
                crate::engine::export_scenario(&imported).unwrap(),
                crate::engine::export_scenario(&account).unwrap()
            );
        }
    }

    #[test]
    fn migrates_version_one() {
        let saved = Saved::from_text(r#"{"name": "canonical"}"#).unwrap();
        assert_eq!(saved.scenario, json!({"name": "canonical"}));
        assert!(saved.drafts.is_empty());
        assert!(Saved::from_text(r#"{"schema": 99, "scenario": {}}"#).is_err());
        assert!(Saved::from_text("[1]").is_err());
        assert!(Saved::from_text("{not json").is_err());
        assert_eq!(Saved::from_text(&sample().to_text()), Ok(sample()));
    }
}
