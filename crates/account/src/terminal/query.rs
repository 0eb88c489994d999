//! `--query`: the JMESPath subset the AWS CLI's users rely on: field paths, indexes and slices, wildcard and
//! flatten projections, filters with comparisons and `&&`/`||`/`!`, multiselect lists and hashes, pipes,
//! literals, and the common functions (`length`, `keys`, `values`, `contains`, `starts_with`, `ends_with`,
//! `sort`, `join`, `reverse`, `max`, `min`, `sum`, `type`, `to_string`, `not_null`).

use serde_json::{Map, Value};

/// A parse error in a query, with the 0-based character offset where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub offset: usize,
    pub message: String,
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            formatter,
            "Bad value for --query: {} (at column {})",
            self.message,
            self.offset + 1
        )
    }
}

/// Parses and applies `expression` to `input`.
pub fn search(expression: &str, input: &Value) -> Result<Value, QueryError> {
    let parsed = Parser::new(expression).parse_all()?;
    Ok(evaluate(&parsed, input))
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Current,
    Literal(Value),
    /// A chain of steps applied left to right to the value of `start`.
    Chain(Box<Node>, Vec<Step>),
    Pipe(Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
    And(Box<Node>, Box<Node>),
    Not(Box<Node>),
    Compare(Comparator, Box<Node>, Box<Node>),
    List(Vec<Node>),
    Hash(Vec<(String, Node)>),
    Function(String, Vec<Node>),
}

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Field(String),
    Index(i64),
    Slice(Option<i64>, Option<i64>, Option<i64>),
    /// `[*]`: project over a list.
    ListWildcard,
    /// `.*` or a leading `*`: project over an object's values.
    ObjectWildcard,
    /// `[]`: flatten one level, then project.
    Flatten,
    /// `[?expr]`: keep the elements for which `expr` is truthy, then project.
    Filter(Node),
    /// `.[a, b]` or `.{k: a}` applied to the current value.
    Select(Node),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Comparator {
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

struct Parser {
    characters: Vec<char>,
    position: usize,
}

impl Parser {
    fn new(text: &str) -> Self {
        Self {
            characters: text.chars().collect(),
            position: 0,
        }
    }

    fn error<T>(&self, message: impl Into<String>) -> Result<T, QueryError> {
        Err(QueryError {
            offset: self.position,
            message: message.into(),
        })
    }

    fn skip_whitespace(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.position += 1;
        }
    }

    fn peek(&self) -> Option<char> {
        self.characters.get(self.position).copied()
    }

    fn peek_at(&self, distance: usize) -> Option<char> {
        self.characters.get(self.position + distance).copied()
    }

    fn eat(&mut self, expected: &str) -> bool {
        self.skip_whitespace();
        let matches = expected
            .chars()
            .enumerate()
            .all(|(index, character)| self.peek_at(index) == Some(character));
        if matches {
            self.position += expected.chars().count();
        }
        matches
    }

    fn require(&mut self, expected: &str) -> Result<(), QueryError> {
        if self.eat(expected) {
            Ok(())
        } else {
            self.error(format!("expected `{expected}`"))
        }
    }

    fn parse_all(mut self) -> Result<Node, QueryError> {
        let node = self.parse_pipe()?;
        self.skip_whitespace();
        if self.position < self.characters.len() {
            return self.error("unexpected character");
        }
        Ok(node)
    }

    fn parse_pipe(&mut self) -> Result<Node, QueryError> {
        let mut left = self.parse_or()?;
        loop {
            self.skip_whitespace();
            if self.peek() == Some('|') && self.peek_at(1) != Some('|') {
                self.position += 1;
                let right = self.parse_or()?;
                left = Node::Pipe(Box::new(left), Box::new(right));
            } else {
                return Ok(left);
            }
        }
    }

    fn parse_or(&mut self) -> Result<Node, QueryError> {
        let mut left = self.parse_and()?;
        while self.eat("||") {
            let right = self.parse_and()?;
            left = Node::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn parse_and(&mut self) -> Result<Node, QueryError> {
        let mut left = self.parse_not()?;
        while self.eat("&&") {
            let right = self.parse_not()?;
            left = Node::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn parse_not(&mut self) -> Result<Node, QueryError> {
        self.skip_whitespace();
        if self.peek() == Some('!') && self.peek_at(1) != Some('=') {
            self.position += 1;
            return Ok(Node::Not(Box::new(self.parse_not()?)));
        }
        self.parse_comparison()
    }

    fn parse_comparison(&mut self) -> Result<Node, QueryError> {
        let left = self.parse_chain()?;
        let comparator = if self.eat("==") {
            Comparator::Equal
        } else if self.eat("!=") {
            Comparator::NotEqual
        } else if self.eat("<=") {
            Comparator::LessOrEqual
        } else if self.eat(">=") {
            Comparator::GreaterOrEqual
        } else if self.eat("<") {
            Comparator::Less
        } else if self.eat(">") {
            Comparator::Greater
        } else {
            return Ok(left);
        };
        let right = self.parse_chain()?;
        Ok(Node::Compare(comparator, Box::new(left), Box::new(right)))
    }

    fn parse_chain(&mut self) -> Result<Node, QueryError> {
        self.skip_whitespace();
        let mut steps = Vec::new();
        let start = match self.peek() {
            Some('[') => {
                // A leading bracket applies to the current value.
                Node::Current
            }
            Some('*') => {
                self.position += 1;
                steps.push(Step::ObjectWildcard);
                Node::Current
            }
            _ => self.parse_primary()?,
        };
        loop {
            self.skip_whitespace();
            match self.peek() {
                Some('.') => {
                    self.position += 1;
                    self.skip_whitespace();
                    match self.peek() {
                        Some('*') => {
                            self.position += 1;
                            steps.push(Step::ObjectWildcard);
                        }
                        Some('[') => steps.push(Step::Select(self.parse_multiselect_list()?)),
                        Some('{') => steps.push(Step::Select(self.parse_multiselect_hash()?)),
                        _ => steps.push(Step::Field(self.parse_identifier()?)),
                    }
                }
                Some('[') => steps.push(self.parse_bracket(start == Node::Current && steps.is_empty())?),
                _ => break,
            }
        }
        if steps.is_empty() {
            Ok(start)
        } else {
            Ok(Node::Chain(Box::new(start), steps))
        }
    }

    /// Parses `[...]` after a value. At the very start of an expression `[a, b]` is a multiselect list.
    fn parse_bracket(&mut self, at_start: bool) -> Result<Step, QueryError> {
        let saved = self.position;
        self.position += 1;
        self.skip_whitespace();
        match self.peek() {
            Some(']') => {
                self.position += 1;
                return Ok(Step::Flatten);
            }
            Some('*') if self.peek_at(1).is_some_and(|next| next == ']') => {
                self.position += 2;
                return Ok(Step::ListWildcard);
            }
            Some('?') => {
                self.position += 1;
                let condition = self.parse_pipe()?;
                self.require("]")?;
                return Ok(Step::Filter(condition));
            }
            Some(character) if character == '-' || character == ':' || character.is_ascii_digit() => {
                return self.parse_index_or_slice();
            }
            _ => {}
        }
        if at_start {
            self.position = saved;
            return Ok(Step::Select(self.parse_multiselect_list()?));
        }
        self.error("expected an index, `*`, `?` or `]`")
    }

    fn parse_index_or_slice(&mut self) -> Result<Step, QueryError> {
        let mut parts: Vec<Option<i64>> = vec![self.parse_optional_number()?];
        while self.eat(":") {
            parts.push(self.parse_optional_number()?);
        }
        self.require("]")?;
        match parts.as_slice() {
            [Some(index)] => Ok(Step::Index(*index)),
            [start, stop] => Ok(Step::Slice(*start, *stop, None)),
            [start, stop, step] => Ok(Step::Slice(*start, *stop, *step)),
            _ => self.error("bad index or slice"),
        }
    }

    fn parse_optional_number(&mut self) -> Result<Option<i64>, QueryError> {
        self.skip_whitespace();
        let start = self.position;
        if self.peek() == Some('-') {
            self.position += 1;
        }
        while self.peek().is_some_and(|character| character.is_ascii_digit()) {
            self.position += 1;
        }
        if self.position == start {
            return Ok(None);
        }
        let text: String = self
            .characters
            .get(start..self.position)
            .unwrap_or_default()
            .iter()
            .collect();
        match text.parse::<i64>() {
            Ok(number) => Ok(Some(number)),
            Err(_) => self.error(format!("bad number `{text}`")),
        }
    }

    fn parse_multiselect_list(&mut self) -> Result<Node, QueryError> {
        self.require("[")?;
        let mut items = vec![self.parse_pipe()?];
        while self.eat(",") {
            items.push(self.parse_pipe()?);
        }
        self.require("]")?;
        Ok(Node::List(items))
    }

    fn parse_multiselect_hash(&mut self) -> Result<Node, QueryError> {
        self.require("{")?;
        let mut pairs = Vec::new();
        loop {
            self.skip_whitespace();
            let key = self.parse_identifier()?;
            self.require(":")?;
            pairs.push((key, self.parse_pipe()?));
            if !self.eat(",") {
                break;
            }
        }
        self.require("}")?;
        Ok(Node::Hash(pairs))
    }

    fn parse_primary(&mut self) -> Result<Node, QueryError> {
        self.skip_whitespace();
        match self.peek() {
            Some('@') => {
                self.position += 1;
                Ok(Node::Current)
            }
            Some('(') => {
                self.position += 1;
                let inner = self.parse_pipe()?;
                self.require(")")?;
                Ok(inner)
            }
            Some('{') => self.parse_multiselect_hash(),
            Some('`') => self.parse_json_literal(),
            Some('\'') => self.parse_raw_string(),
            Some('"') => Ok(Node::Chain(
                Box::new(Node::Current),
                vec![Step::Field(self.parse_identifier()?)],
            )),
            Some(character) if character.is_ascii_alphabetic() || character == '_' => {
                let name = self.parse_identifier()?;
                self.skip_whitespace();
                if self.peek() == Some('(') {
                    self.position += 1;
                    let mut arguments = Vec::new();
                    if !self.eat(")") {
                        arguments.push(self.parse_pipe()?);
                        while self.eat(",") {
                            arguments.push(self.parse_pipe()?);
                        }
                        self.require(")")?;
                    }
                    return Ok(Node::Function(name, arguments));
                }
                Ok(Node::Chain(Box::new(Node::Current), vec![Step::Field(name)]))
            }
            Some(other) => self.error(format!("unexpected `{other}`")),
            None => self.error("unexpected end of expression"),
        }
    }

    fn parse_identifier(&mut self) -> Result<String, QueryError> {
        self.skip_whitespace();
        if self.peek() == Some('"') {
            let start = self.position;
            self.position += 1;
            let mut text = String::from('"');
            loop {
                match self.peek() {
                    None => {
                        self.position = start;
                        return self.error("unterminated quoted identifier");
                    }
                    Some('\\') => {
                        text.push('\\');
                        if let Some(next) = self.peek_at(1) {
                            text.push(next);
                        }
                        self.position += 2;
                    }
                    Some('"') => {
                        self.position += 1;
                        text.push('"');
                        break;
                    }
                    Some(character) => {
                        text.push(character);
                        self.position += 1;
                    }
                }
            }
            return match serde_json::from_str::<String>(&text) {
                Ok(name) => Ok(name),
                Err(_) => {
                    self.position = start;
                    self.error("bad quoted identifier")
                }
            };
        }
        let start = self.position;
        while self
            .peek()
            .is_some_and(|character| character.is_ascii_alphanumeric() || character == '_')
        {
            self.position += 1;
        }
        if self.position == start || self.characters.get(start).is_some_and(char::is_ascii_digit) {
            self.position = start;
            return self.error("expected an identifier");
        }
        Ok(self
            .characters
            .get(start..self.position)
            .unwrap_or_default()
            .iter()
            .collect())
    }

    fn parse_json_literal(&mut self) -> Result<Node, QueryError> {
        let start = self.position;
        self.position += 1;
        let mut text = String::new();
        loop {
            match self.peek() {
                None => {
                    self.position = start;
                    return self.error("unterminated literal");
                }
                Some('\\') if self.peek_at(1) == Some('`') => {
                    text.push('`');
                    self.position += 2;
                }
                Some('`') => {
                    self.position += 1;
                    break;
                }
                Some(character) => {
                    text.push(character);
                    self.position += 1;
                }
            }
        }
        match serde_json::from_str::<Value>(&text) {
            Ok(value) => Ok(Node::Literal(value)),
            // JMESPath's legacy form: an unquoted string literal.
            Err(_) => Ok(Node::Literal(Value::String(text.trim().to_owned()))),
        }
    }

    fn parse_raw_string(&mut self) -> Result<Node, QueryError> {
        let start = self.position;
        self.position += 1;
        let mut text = String::new();
        loop {
            match self.peek() {
                None => {
                    self.position = start;
                    return self.error("unterminated raw string");
                }
                Some('\\') if self.peek_at(1) == Some('\'') => {
                    text.push('\'');
                    self.position += 2;
                }
                Some('\'') => {
                    self.position += 1;
                    return Ok(Node::Literal(Value::String(text)));
                }
                Some(character) => {
                    text.push(character);
                    self.position += 1;
                }
            }
        }
    }
}

fn evaluate(node: &Node, input: &Value) -> Value {
    match node {
        Node::Current => input.clone(),
        Node::Literal(value) => value.clone(),
        Node::Chain(start, steps) => apply_steps(evaluate(start, input), steps),
        Node::Pipe(left, right) => evaluate(right, &evaluate(left, input)),
        Node::Or(left, right) => {
            let left_value = evaluate(left, input);
            if is_truthy(&left_value) {
                left_value
            } else {
                evaluate(right, input)
            }
        }
        Node::And(left, right) => {
            let left_value = evaluate(left, input);
            if is_truthy(&left_value) {
                evaluate(right, input)
            } else {
                left_value
            }
        }
        Node::Not(inner) => Value::Bool(!is_truthy(&evaluate(inner, input))),
        Node::Compare(comparator, left, right) => {
            compare(*comparator, &evaluate(left, input), &evaluate(right, input))
        }
        Node::List(items) => {
            if input.is_null() {
                return Value::Null;
            }
            Value::Array(items.iter().map(|item| evaluate(item, input)).collect())
        }
        Node::Hash(pairs) => {
            if input.is_null() {
                return Value::Null;
            }
            let mut object = Map::new();
            for (key, item) in pairs {
                object.insert(key.clone(), evaluate(item, input));
            }
            Value::Object(object)
        }
        Node::Function(name, arguments) => {
            let values: Vec<Value> = arguments
                .iter()
                .map(|argument| evaluate(argument, input))
                .collect();
            call_function(name, &values)
        }
    }
}

/// Applies `steps` in order. A projection step applies the steps after it to each element (up to the next
/// flatten, which ends the projection as in JMESPath) and drops nulls.
fn apply_steps(mut current: Value, steps: &[Step]) -> Value {
    let mut index = 0;
    while let Some(step) = steps.get(index) {
        index += 1;
        let elements = match step {
            Step::Field(name) => {
                current = match &current {
                    Value::Object(object) => object.get(name).cloned().unwrap_or(Value::Null),
                    _ => Value::Null,
                };
                continue;
            }
            Step::Index(position) => {
                current = match &current {
                    Value::Array(items) => resolve_index(*position, items.len())
                        .and_then(|resolved| items.get(resolved).cloned())
                        .unwrap_or(Value::Null),
                    _ => Value::Null,
                };
                continue;
            }
            Step::Slice(start, stop, stride) => match &current {
                Value::Array(items) => slice(items, *start, *stop, *stride),
                _ => return Value::Null,
            },
            Step::Select(node) => {
                current = evaluate(node, &current);
                continue;
            }
            Step::ListWildcard => match &current {
                Value::Array(items) => items.clone(),
                _ => return Value::Null,
            },
            Step::ObjectWildcard => match &current {
                Value::Object(object) => object.values().cloned().collect(),
                _ => return Value::Null,
            },
            Step::Flatten => match &current {
                Value::Array(items) => {
                    let mut flat = Vec::new();
                    for item in items {
                        match item {
                            Value::Array(inner) => flat.extend(inner.iter().cloned()),
                            other => flat.push(other.clone()),
                        }
                    }
                    flat
                }
                _ => return Value::Null,
            },
            Step::Filter(condition) => match &current {
                Value::Array(items) => items
                    .iter()
                    .filter(|item| is_truthy(&evaluate(condition, item)))
                    .cloned()
                    .collect(),
                _ => return Value::Null,
            },
        };
        // Project the remaining steps (up to the next flatten) over the elements.
        let rest = steps.get(index..).unwrap_or_default();
        let projection_end = rest
            .iter()
            .position(|step| matches!(step, Step::Flatten))
            .unwrap_or(rest.len());
        let (projected_steps, after) = rest.split_at(projection_end);
        let projected: Vec<Value> = elements
            .into_iter()
            .map(|element| apply_steps(element, projected_steps))
            .filter(|value| !value.is_null())
            .collect();
        current = Value::Array(projected);
        if after.is_empty() {
            return current;
        }
        return apply_steps(current, after);
    }
    current
}

fn resolve_index(position: i64, length: usize) -> Option<usize> {
    let length = i64::try_from(length).ok()?;
    let resolved = if position < 0 { length + position } else { position };
    if (0..length).contains(&resolved) {
        usize::try_from(resolved).ok()
    } else {
        None
    }
}

fn slice(items: &[Value], start: Option<i64>, stop: Option<i64>, stride: Option<i64>) -> Vec<Value> {
    let length = i64::try_from(items.len()).unwrap_or(i64::MAX);
    let stride = stride.unwrap_or(1);
    if stride == 0 {
        return Vec::new();
    }
    let clamp = |value: i64, low: i64, high: i64| value.max(low).min(high);
    let normalise = |value: i64| if value < 0 { value + length } else { value };
    let mut output = Vec::new();
    if stride > 0 {
        let mut position = clamp(normalise(start.unwrap_or(0)), 0, length);
        let end = clamp(normalise(stop.unwrap_or(length)), 0, length);
        while position < end {
            if let Some(item) = usize::try_from(position).ok().and_then(|index| items.get(index)) {
                output.push(item.clone());
            }
            position += stride;
        }
    } else {
        let mut position = clamp(normalise(start.unwrap_or(length - 1)), -1, length - 1);
        let end = clamp(stop.map(normalise).unwrap_or(-1), -1, length - 1);
        while position > end {
            if let Some(item) = usize::try_from(position).ok().and_then(|index| items.get(index)) {
                output.push(item.clone());
            }
            position += stride;
        }
    }
    output
}

fn is_truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(flag) => *flag,
        Value::String(text) => !text.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(object) => !object.is_empty(),
        Value::Number(_) => true,
    }
}

fn compare(comparator: Comparator, left: &Value, right: &Value) -> Value {
    match comparator {
        Comparator::Equal => Value::Bool(values_equal(left, right)),
        Comparator::NotEqual => Value::Bool(!values_equal(left, right)),
        ordering => match (left.as_f64(), right.as_f64()) {
            (Some(left), Some(right)) => Value::Bool(match ordering {
                Comparator::Less => left < right,
                Comparator::LessOrEqual => left <= right,
                Comparator::Greater => left > right,
                _ => left >= right,
            }),
            _ => Value::Null,
        },
    }
}

fn values_equal(left: &Value, right: &Value) -> bool {
    match (left.as_f64(), right.as_f64()) {
        (Some(left), Some(right)) => left == right,
        _ => left == right,
    }
}

fn call_function(name: &str, arguments: &[Value]) -> Value {
    let first = arguments.first().unwrap_or(&Value::Null);
    let second = arguments.get(1).unwrap_or(&Value::Null);
    match name {
        "length" => match first {
            Value::String(text) => Value::from(text.chars().count()),
            Value::Array(items) => Value::from(items.len()),
            Value::Object(object) => Value::from(object.len()),
            _ => Value::Null,
        },
        "keys" => match first {
            Value::Object(object) => Value::Array(object.keys().cloned().map(Value::String).collect()),
            _ => Value::Null,
        },
        "values" => match first {
            Value::Object(object) => Value::Array(object.values().cloned().collect()),
            _ => Value::Null,
        },
        "contains" => match first {
            Value::Array(items) => Value::Bool(items.iter().any(|item| values_equal(item, second))),
            Value::String(text) => Value::Bool(second.as_str().is_some_and(|needle| text.contains(needle))),
            _ => Value::Null,
        },
        "starts_with" => match (first, second) {
            (Value::String(text), Value::String(prefix)) => Value::Bool(text.starts_with(prefix.as_str())),
            _ => Value::Null,
        },
        "ends_with" => match (first, second) {
            (Value::String(text), Value::String(suffix)) => Value::Bool(text.ends_with(suffix.as_str())),
            _ => Value::Null,
        },
        "sort" => match first {
            Value::Array(items) => {
                let mut sorted = items.clone();
                sorted.sort_by(|left, right| match (left.as_f64(), right.as_f64()) {
                    (Some(left), Some(right)) => {
                        left.partial_cmp(&right).unwrap_or(std::cmp::Ordering::Equal)
                    }
                    _ => left
                        .as_str()
                        .unwrap_or_default()
                        .cmp(right.as_str().unwrap_or_default()),
                });
                Value::Array(sorted)
            }
            _ => Value::Null,
        },
        "reverse" => match first {
            Value::Array(items) => Value::Array(items.iter().rev().cloned().collect()),
            Value::String(text) => Value::String(text.chars().rev().collect()),
            _ => Value::Null,
        },
        "join" => match (first, second) {
            (Value::String(separator), Value::Array(items)) => Value::String(
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(separator.as_str()),
            ),
            _ => Value::Null,
        },
        "max" | "min" | "sum" => match first {
            Value::Array(items) => {
                let numbers: Vec<f64> = items.iter().filter_map(Value::as_f64).collect();
                let result = match name {
                    "max" => numbers.iter().copied().reduce(f64::max),
                    "min" => numbers.iter().copied().reduce(f64::min),
                    _ => Some(numbers.iter().sum()),
                };
                result
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
                    .unwrap_or(Value::Null)
            }
            _ => Value::Null,
        },
        "type" => Value::String(
            match first {
                Value::Null => "null",
                Value::Bool(_) => "boolean",
                Value::Number(_) => "number",
                Value::String(_) => "string",
                Value::Array(_) => "array",
                Value::Object(_) => "object",
            }
            .to_owned(),
        ),
        "to_string" => match first {
            Value::String(_) => first.clone(),
            other => Value::String(other.to_string()),
        },
        "not_null" => arguments
            .iter()
            .find(|value| !value.is_null())
            .cloned()
            .unwrap_or(Value::Null),
        _ => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn query(expression: &str, input: Value) -> Value {
        search(expression, &input).unwrap()
    }

    #[test]
    fn fields_indexes_and_projections() {
        let listing = json!({"SecretList": [{"Name": "a", "Tags": [{"Key": "team", "Value": "cart"}]},
                                            {"Name": "b", "Tags": []}]});
        assert_eq!(query("SecretList[0].Name", listing.clone()), json!("a"));
        assert_eq!(query("SecretList[-1].Name", listing.clone()), json!("b"));
        assert_eq!(query("SecretList[*].Name", listing.clone()), json!(["a", "b"]));
        assert_eq!(
            query("SecretList[].Tags[].Value", listing.clone()),
            json!(["cart"])
        );
        assert_eq!(
            query("SecretList[?Name=='b'].Name | [0]", listing.clone()),
            json!("b")
        );
        assert_eq!(query("length(SecretList)", listing.clone()), json!(2));
        assert_eq!(
            query("SecretList[*].[Name, length(Tags)]", listing.clone()),
            json!([["a", 1], ["b", 0]])
        );
        assert_eq!(query("SecretList[0].{N: Name}", listing), json!({"N": "a"}));
    }

    #[test]
    fn nested_flatten_ends_projections_like_jmespath() {
        let reservations = json!({"Reservations": [{"Instances": [{"InstanceId": "i-1"}, {"InstanceId": "i-2"}]},
                                                   {"Instances": [{"InstanceId": "i-3"}]}]});
        assert_eq!(
            query("Reservations[].Instances[].InstanceId", reservations.clone()),
            json!(["i-1", "i-2", "i-3"])
        );
        assert_eq!(
            query("Reservations[*].Instances[*].InstanceId", reservations),
            json!([["i-1", "i-2"], ["i-3"]])
        );
    }

    #[test]
    fn filters_literals_and_logic() {
        let versions = json!({"Versions": [{"VersionId": "v1", "VersionStages": ["AWSPREVIOUS"]},
                                           {"VersionId": "v2", "VersionStages": ["AWSCURRENT"]}]});
        assert_eq!(
            query(
                "Versions[?contains(VersionStages, 'AWSCURRENT')].VersionId",
                versions.clone()
            ),
            json!(["v2"])
        );
        assert_eq!(
            query(
                "Versions[?VersionId=='v1' || VersionId=='v2'] | length(@)",
                versions.clone()
            ),
            json!(2)
        );
        assert_eq!(
            query("Versions[?!(VersionId=='v1')].VersionId", versions),
            json!(["v2"])
        );
        assert_eq!(query("`3` > `2`", json!({})), json!(true));
        assert_eq!(query("missing.deeper", json!({"a": 1})), Value::Null);
        assert_eq!(query("[1:3]", json!([0, 1, 2, 3])), json!([1, 2]));
        assert_eq!(query("[::-1]", json!([0, 1, 2])), json!([2, 1, 0]));
        assert_eq!(query("\"Secret-Name\"", json!({"Secret-Name": 1})), json!(1));
    }

    #[test]
    fn errors_carry_positions() {
        let error = search("SecretList[?Name==]", &json!({})).unwrap_err();
        assert_eq!(error.offset, 18);
        assert!(search("a.", &json!({})).is_err());
        assert!(search("'open", &json!({})).is_err());
    }
}
