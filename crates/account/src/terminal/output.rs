//! Output formats of the AWS CLI v2: `json` (Python's `json.dumps(indent=4, ensure_ascii=False)`), `text`
//! (awscli's `text.format_text`: tab-separated scalars, identifiers upper-cased for nested lists) and `table`
//! (awscli's table formatter: a titled box with one row per record).

use serde_json::Value;

/// The `--output` choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Json,
    Text,
    Table,
}

impl OutputFormat {
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "json" => Some(OutputFormat::Json),
            "text" => Some(OutputFormat::Text),
            "table" => Some(OutputFormat::Table),
            _ => None,
        }
    }
}

/// Formats a response (after `--query`) as the CLI prints it, including the final newline. An empty response
/// prints nothing (the CLI prints nothing for operations with no output members).
pub fn format_response(value: &Value, format: OutputFormat, operation: &str) -> String {
    if value.as_object().is_some_and(|object| object.is_empty()) {
        return String::new();
    }
    match format {
        OutputFormat::Json => format_json(value),
        OutputFormat::Text => {
            let mut output = String::new();
            format_text(value, None, None, &mut output);
            output
        }
        OutputFormat::Table => format_table(value, operation),
    }
}

/// JSON with four-space indentation and a final newline, as `json.dumps(indent=4)` writes it.
pub fn format_json(value: &Value) -> String {
    let mut buffer = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut buffer, formatter);
    if serde::Serialize::serialize(value, &mut serializer).is_err() {
        return String::from("null\n");
    }
    let mut text = String::from_utf8(buffer).unwrap_or_default();
    text.push('\n');
    text
}

/// Python's `str()` of a JSON scalar as awscli prints it in text mode.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::String(text) => text.clone(),
        Value::Number(number) => number.to_string(),
        other => other.to_string(),
    }
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

fn format_text(value: &Value, identifier: Option<&str>, scalar_keys: Option<&[String]>, output: &mut String) {
    match value {
        Value::Object(object) => {
            let mut scalars: Vec<String> = Vec::new();
            let mut non_scalars: Vec<(&String, &Value)> = Vec::new();
            match scalar_keys {
                None => {
                    let mut keys: Vec<&String> = object.keys().collect();
                    keys.sort();
                    for key in keys {
                        if let Some(item) = object.get(key) {
                            if is_scalar(item) {
                                scalars.push(scalar_text(item));
                            } else {
                                non_scalars.push((key, item));
                            }
                        }
                    }
                }
                Some(keys) => {
                    for key in keys {
                        scalars.push(object.get(key).map(scalar_text).unwrap_or_default());
                    }
                    let mut remaining: Vec<&String> =
                        object.keys().filter(|key| !keys.contains(key)).collect();
                    remaining.sort();
                    for key in remaining {
                        if let Some(item) = object.get(key) {
                            non_scalars.push((key, item));
                        }
                    }
                }
            }
            if !scalars.is_empty() {
                if let Some(identifier) = identifier {
                    scalars.insert(0, identifier.to_uppercase());
                }
                output.push_str(&scalars.join("\t"));
                output.push('\n');
            }
            for (key, item) in non_scalars {
                format_text(item, Some(key), None, output);
            }
        }
        Value::Array(items) => {
            if items.is_empty() {
                return;
            }
            if items.iter().any(Value::is_object) {
                let mut keys: Vec<String> = Vec::new();
                for item in items {
                    if let Value::Object(object) = item {
                        for (key, inner) in object {
                            if is_scalar(inner) && !keys.contains(key) {
                                keys.push(key.clone());
                            }
                        }
                    }
                }
                keys.sort();
                for item in items {
                    format_text(item, identifier, Some(&keys), output);
                }
            } else if items.iter().any(Value::is_array) {
                let scalars: Vec<&Value> = items.iter().filter(|item| is_scalar(item)).collect();
                if !scalars.is_empty() {
                    format_scalar_list(&scalars, identifier, output);
                }
                for item in items.iter().filter(|item| !is_scalar(item)) {
                    format_text(item, identifier, None, output);
                }
            } else {
                let scalars: Vec<&Value> = items.iter().collect();
                format_scalar_list(&scalars, identifier, output);
            }
        }
        scalar => {
            output.push_str(&scalar_text(scalar));
            output.push('\n');
        }
    }
}

fn format_scalar_list(items: &[&Value], identifier: Option<&str>, output: &mut String) {
    match identifier {
        Some(identifier) => {
            for item in items {
                output.push_str(&identifier.to_uppercase());
                output.push('\t');
                output.push_str(&scalar_text(item));
                output.push('\n');
            }
        }
        None => {
            output.push_str(
                &items
                    .iter()
                    .map(|item| scalar_text(item))
                    .collect::<Vec<_>>()
                    .join("\t"),
            );
            output.push('\n');
        }
    }
}

/// A table in the style of awscli's `--output table`: a title row, then for each object its scalar members
/// as a header row and a value row, and nested lists and objects as titled sub-tables.
fn format_table(value: &Value, operation: &str) -> String {
    let mut rows: Vec<TableRow> = Vec::new();
    collect_table(value, operation, &mut rows);
    let width = rows
        .iter()
        .map(TableRow::natural_width)
        .max()
        .unwrap_or(0)
        .max(operation.len() + 4);
    let mut output = String::new();
    output.push_str(&"-".repeat(width + 2));
    output.push('\n');
    for row in &rows {
        row.render(width, &mut output);
    }
    output
}

enum TableRow {
    Title(String),
    Cells(Vec<String>),
    Rule(usize),
}

impl TableRow {
    fn natural_width(&self) -> usize {
        match self {
            TableRow::Title(title) => title.chars().count() + 4,
            TableRow::Cells(cells) => cells.iter().map(|cell| cell.chars().count() + 4).sum::<usize>(),
            TableRow::Rule(_) => 0,
        }
    }

    fn render(&self, width: usize, output: &mut String) {
        match self {
            TableRow::Title(title) => {
                let length = title.chars().count();
                let left = (width.saturating_sub(length)) / 2;
                let right = width.saturating_sub(length + left);
                output.push('|');
                output.push_str(&" ".repeat(left));
                output.push_str(title);
                output.push_str(&" ".repeat(right));
                output.push_str("|\n");
            }
            TableRow::Cells(cells) => {
                let count = cells.len().max(1);
                let base = width.saturating_sub(count - 1) / count;
                let mut used = 0;
                output.push('|');
                for (index, cell) in cells.iter().enumerate() {
                    let cell_width = if index + 1 == count { width - used } else { base };
                    used += cell_width + 1;
                    let length = cell.chars().count();
                    let left = cell_width.saturating_sub(length) / 2;
                    let right = cell_width.saturating_sub(length + left);
                    output.push_str(&" ".repeat(left));
                    output.push_str(cell);
                    output.push_str(&" ".repeat(right));
                    output.push('|');
                }
                output.push('\n');
            }
            TableRow::Rule(columns) => {
                let count = (*columns).max(1);
                let base = width.saturating_sub(count - 1) / count;
                let mut used = 0;
                output.push('+');
                for index in 0..count {
                    let cell_width = if index + 1 == count { width - used } else { base };
                    used += cell_width + 1;
                    output.push_str(&"-".repeat(cell_width));
                    output.push('+');
                }
                output.push('\n');
            }
        }
    }
}

fn collect_table(value: &Value, title: &str, rows: &mut Vec<TableRow>) {
    rows.push(TableRow::Title(title.to_owned()));
    match value {
        Value::Object(object) => {
            let scalars: Vec<(&String, &Value)> = object.iter().filter(|(_, item)| is_scalar(item)).collect();
            if !scalars.is_empty() {
                rows.push(TableRow::Rule(scalars.len()));
                rows.push(TableRow::Cells(
                    scalars.iter().map(|(key, _)| (*key).clone()).collect(),
                ));
                rows.push(TableRow::Rule(scalars.len()));
                rows.push(TableRow::Cells(
                    scalars.iter().map(|(_, item)| scalar_text(item)).collect(),
                ));
                rows.push(TableRow::Rule(scalars.len()));
            }
            for (key, item) in object.iter().filter(|(_, item)| !is_scalar(item)) {
                collect_table(item, key, rows);
            }
        }
        Value::Array(items) => {
            if items.iter().all(is_scalar) {
                rows.push(TableRow::Rule(1));
                for item in items {
                    rows.push(TableRow::Cells(vec![scalar_text(item)]));
                }
                rows.push(TableRow::Rule(1));
            } else {
                for item in items {
                    match item {
                        Value::Object(_) | Value::Array(_) => collect_table(item, title, rows),
                        scalar => rows.push(TableRow::Cells(vec![scalar_text(scalar)])),
                    }
                }
            }
        }
        scalar => {
            rows.push(TableRow::Rule(1));
            rows.push(TableRow::Cells(vec![scalar_text(scalar)]));
            rows.push(TableRow::Rule(1));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_uses_four_spaces_like_the_cli() {
        assert_eq!(
            format_json(&json!({"ARN": "a", "VersionStages": ["AWSCURRENT"], "Empty": []})),
            "{\n    \"ARN\": \"a\",\n    \"VersionStages\": [\n        \"AWSCURRENT\"\n    ],\n    \"Empty\": []\n}\n"
        );
    }

    #[test]
    fn text_follows_awscli_format_text() {
        let response = json!({"ARN": "arn:x", "Name": "n", "VersionStages": ["AWSCURRENT", "AWSPENDING"]});
        assert_eq!(
            format_response(&response, OutputFormat::Text, "GetSecretValue"),
            "arn:x\tn\nVERSIONSTAGES\tAWSCURRENT\nVERSIONSTAGES\tAWSPENDING\n"
        );
        let listing =
            json!({"SecretList": [{"Name": "a", "ARN": "x"}, {"Name": "b", "ARN": "y", "Description": "d"}]});
        assert_eq!(
            format_response(&listing, OutputFormat::Text, "ListSecrets"),
            "SECRETLIST\tx\t\ta\nSECRETLIST\ty\td\tb\n"
        );
        assert_eq!(
            format_response(&json!("plain"), OutputFormat::Text, "X"),
            "plain\n"
        );
        assert_eq!(format_response(&json!(true), OutputFormat::Text, "X"), "True\n");
        assert_eq!(format_response(&json!({}), OutputFormat::Json, "X"), "");
    }

    #[test]
    fn table_has_a_title_and_rows() {
        let table = format_response(
            &json!({"Account": "111122223333", "UserId": "AROA:x"}),
            OutputFormat::Table,
            "GetCallerIdentity",
        );
        let lines: Vec<&str> = table.lines().collect();
        assert!(lines[0].starts_with("---"));
        assert!(lines[1].contains("GetCallerIdentity"));
        assert!(table.contains("111122223333"));
        assert!(lines
            .iter()
            .all(|line| line.chars().count() == lines[0].chars().count()));
    }
}
