//! The CloudTrail-style audit trail: one [`AuditRecord`] per API call plus the records AWS adds itself (KMS
//! calls made by Secrets Manager on the caller's behalf, Secrets Manager service events), rendered in
//! CloudTrail's record format (eventVersion 1.11), filtered like CloudTrail's LookupEvents, exported as
//! `{"Records": [...]}`.

use serde_json::{Map, Value};

use crate::api::{ApiError, ErrorCode};
use crate::clock::Timestamp;
use crate::codec::{codec_struct, codec_unit_enum};
use crate::json;
use crate::state::Account;

/// `AwsApiCall` or `AwsServiceEvent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventType {
    AwsApiCall,
    AwsServiceEvent,
}

codec_unit_enum!(EventType {
    AwsApiCall,
    AwsServiceEvent
});

impl EventType {
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::AwsApiCall => "AwsApiCall",
            EventType::AwsServiceEvent => "AwsServiceEvent",
        }
    }
}

/// A resource named in a record (`resources[]`), also what LookupEvents' ResourceName matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditResource {
    pub arn: String,
    pub account_id: String,
    /// e.g. `AWS::KMS::Key`, `AWS::SecretsManager::Secret`.
    pub resource_type: String,
}

codec_struct! {
    AuditResource, "struct AuditResource", Ignore {
        arn: "arn",
        account_id: "accountId",
        resource_type: "resourceType",
    }
}

/// One CloudTrail record.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRecord {
    pub event_time: Timestamp,
    pub event_source: String,
    pub event_name: String,
    pub aws_region: String,
    pub source_ip_address: String,
    pub user_agent: String,
    /// The `userIdentity` object.
    pub user_identity: Value,
    /// The user name LookupEvents' `Username` attribute matches (the session name for role sessions).
    pub username: Option<String>,
    pub access_key_id: Option<String>,
    pub request_parameters: Value,
    pub response_elements: Value,
    pub additional_event_data: Option<Value>,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub request_id: String,
    pub event_id: String,
    pub read_only: bool,
    pub event_type: EventType,
    pub recipient_account_id: String,
    /// Set on both copies when a cross-account call is delivered to the caller's and the owner's account.
    pub shared_event_id: Option<String>,
    pub resources: Vec<AuditResource>,
    pub vpc_endpoint_id: Option<String>,
    /// The host header the client used (`tlsDetails.clientProvidedHostHeader`); `None` for service events.
    pub tls_host: Option<String>,
}

codec_struct! {
    AuditRecord, "struct AuditRecord", Ignore {
        event_time: "eventTime",
        event_source: "eventSource",
        event_name: "eventName",
        aws_region: "awsRegion",
        source_ip_address: "sourceIpAddress",
        user_agent: "userAgent",
        user_identity: "userIdentity",
        username: "username",
        access_key_id: "accessKeyId",
        request_parameters: "requestParameters",
        response_elements: "responseElements",
        additional_event_data: "additionalEventData",
        error_code: "errorCode",
        error_message: "errorMessage",
        request_id: "requestId",
        event_id: "eventId",
        read_only: "readOnly",
        event_type: "eventType",
        recipient_account_id: "recipientAccountId",
        shared_event_id: "sharedEventId",
        resources: "resources",
        vpc_endpoint_id: "vpcEndpointId",
        tls_host: "tlsHost",
    }
}

impl AuditRecord {
    /// The record in CloudTrail's JSON format, members in CloudTrail's order.
    pub fn to_json(&self) -> Value {
        let mut record = Map::new();
        json::insert(&mut record, "eventVersion", json!("1.11"));
        json::insert(&mut record, "userIdentity", self.user_identity.clone());
        json::insert(&mut record, "eventTime", json!(self.event_time.iso()));
        json::insert(&mut record, "eventSource", json!(self.event_source));
        json::insert(&mut record, "eventName", json!(self.event_name));
        json::insert(&mut record, "awsRegion", json!(self.aws_region));
        json::insert(&mut record, "sourceIPAddress", json!(self.source_ip_address));
        json::insert(&mut record, "userAgent", json!(self.user_agent));
        if let Some(code) = &self.error_code {
            json::insert(&mut record, "errorCode", json!(code));
        }
        if let Some(message) = &self.error_message {
            json::insert(&mut record, "errorMessage", json!(message));
        }
        json::insert(&mut record, "requestParameters", self.request_parameters.clone());
        json::insert(&mut record, "responseElements", self.response_elements.clone());
        if let Some(data) = &self.additional_event_data {
            json::insert(&mut record, "additionalEventData", data.clone());
        }
        json::insert(&mut record, "requestID", json!(self.request_id));
        json::insert(&mut record, "eventID", json!(self.event_id));
        json::insert(&mut record, "readOnly", json!(self.read_only));
        if !self.resources.is_empty() {
            let resources: Vec<Value> = self
                .resources
                .iter()
                .map(|resource| json!({"accountId": resource.account_id, "type": resource.resource_type, "ARN": resource.arn}))
                .collect();
            json::insert(&mut record, "resources", Value::Array(resources));
        }
        json::insert(&mut record, "eventType", json!(self.event_type.as_str()));
        json::insert(&mut record, "managementEvent", json!(true));
        json::insert(
            &mut record,
            "recipientAccountId",
            json!(self.recipient_account_id),
        );
        if let Some(shared) = &self.shared_event_id {
            json::insert(&mut record, "sharedEventID", json!(shared));
        }
        if let Some(endpoint) = &self.vpc_endpoint_id {
            json::insert(&mut record, "vpcEndpointId", json!(endpoint));
            json::insert(
                &mut record,
                "vpcEndpointAccountId",
                json!(self.recipient_account_id),
            );
        }
        json::insert(&mut record, "eventCategory", json!("Management"));
        if let Some(host) = &self.tls_host {
            json::insert(
                &mut record,
                "tlsDetails",
                json!({"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256", "clientProvidedHostHeader": host}),
            );
        }
        Value::Object(record)
    }

    /// The names LookupEvents' `ResourceName` matches: the named resources, plus the secret id of
    /// Secrets Manager calls and service events.
    fn resource_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .resources
            .iter()
            .map(|resource| resource.arn.clone())
            .collect();
        for holder in [
            &self.request_parameters,
            self.additional_event_data.as_ref().unwrap_or(&Value::Null),
        ] {
            for key in ["secretId", "SecretId", "name", "roleName", "keyId", "instanceId"] {
                if let Some(text) = holder.get(key).and_then(Value::as_str) {
                    names.push(text.to_owned());
                }
            }
        }
        names
    }
}

/// A LookupEvents attribute filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupAttribute {
    EventId(String),
    EventName(String),
    ReadOnly(bool),
    Username(String),
    ResourceType(String),
    ResourceName(String),
    EventSource(String),
    AccessKeyId(String),
}

/// A LookupEvents query. CloudTrail accepts one attribute; more are ANDed here.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LookupQuery {
    pub attributes: Vec<LookupAttribute>,
    /// Only the records delivered to this account (CloudTrail's event history is per account); `None`: the
    /// whole world's log.
    pub recipient_account: Option<String>,
    pub start_time: Option<Timestamp>,
    pub end_time: Option<Timestamp>,
    pub max_results: Option<usize>,
}

impl LookupQuery {
    fn matches(&self, record: &AuditRecord) -> bool {
        if self
            .recipient_account
            .as_ref()
            .is_some_and(|account| account != &record.recipient_account_id)
        {
            return false;
        }
        if self.start_time.is_some_and(|start| record.event_time < start) {
            return false;
        }
        if self.end_time.is_some_and(|end| record.event_time > end) {
            return false;
        }
        self.attributes.iter().all(|attribute| match attribute {
            LookupAttribute::EventId(id) => &record.event_id == id,
            LookupAttribute::EventName(name) => &record.event_name == name,
            LookupAttribute::ReadOnly(read_only) => record.read_only == *read_only,
            LookupAttribute::Username(name) => record.username.as_deref() == Some(name.as_str()),
            LookupAttribute::ResourceType(kind) => record
                .resources
                .iter()
                .any(|resource| &resource.resource_type == kind),
            LookupAttribute::ResourceName(name) => {
                record.resource_names().iter().any(|candidate| candidate == name)
            }
            LookupAttribute::EventSource(source) => &record.event_source == source,
            LookupAttribute::AccessKeyId(key) => record.access_key_id.as_deref() == Some(key.as_str()),
        })
    }
}

impl Account {
    /// The records matching `query`, newest first (as LookupEvents returns them).
    pub fn lookup_events(&self, query: &LookupQuery) -> Vec<&AuditRecord> {
        let matching = self.trail.iter().rev().filter(|record| query.matches(record));
        match query.max_results {
            Some(limit) => matching.take(limit).collect(),
            None => matching.collect(),
        }
    }

    /// LookupEvents with its JSON input (`LookupAttributes`, `StartTime`, `EndTime`, `MaxResults`) and output
    /// (`Events[]` with `CloudTrailEvent` as a JSON string). Not audited: it reads the simulator's own log.
    pub fn lookup_events_json(&self, input: &Value) -> Result<Value, ApiError> {
        self.lookup_events_json_in(None, input)
    }

    /// LookupEvents as seen from one account's event history.
    pub fn lookup_events_json_in(&self, account: Option<&str>, input: &Value) -> Result<Value, ApiError> {
        let mut query = lookup_query_from_json(input)?;
        query.recipient_account = account.map(str::to_owned);
        let events: Vec<Value> = self
            .lookup_events(&query)
            .into_iter()
            .map(|record| {
                let resources: Vec<Value> = record
                    .resources
                    .iter()
                    .map(|resource| json!({"ResourceType": resource.resource_type, "ResourceName": resource.arn}))
                    .collect();
                let mut event = Map::new();
                json::insert(&mut event, "EventId", json!(record.event_id));
                json::insert(&mut event, "EventName", json!(record.event_name));
                json::insert(&mut event, "ReadOnly", json!(record.read_only.to_string()));
                if let Some(key) = &record.access_key_id {
                    json::insert(&mut event, "AccessKeyId", json!(key));
                }
                json::insert(&mut event, "EventTime", record.event_time.epoch_json());
                json::insert(&mut event, "EventSource", json!(record.event_source));
                if let Some(name) = &record.username {
                    json::insert(&mut event, "Username", json!(name));
                }
                json::insert(&mut event, "Resources", Value::Array(resources));
                json::insert(&mut event, "CloudTrailEvent", json!(record.to_json().to_string()));
                Value::Object(event)
            })
            .collect();
        Ok(json!({ "Events": events }))
    }

    /// The whole trail as a CloudTrail log file body: `{"Records": [...]}`, oldest first.
    pub fn export_trail(&self) -> Value {
        json!({ "Records": self.trail.iter().map(AuditRecord::to_json).collect::<Vec<_>>() })
    }

    /// The trail delivered to one account.
    pub fn export_trail_of(&self, account: &str) -> Value {
        let records: Vec<Value> = self
            .trail
            .iter()
            .filter(|record| record.recipient_account_id == account)
            .map(AuditRecord::to_json)
            .collect();
        json!({ "Records": records })
    }

    /// A cross-account call is delivered to the caller's account and to each resource owner's account, the
    /// copies tied by one `sharedEventID` (CloudTrail User Guide, record contents).
    pub(crate) fn deliver(&mut self, mut record: AuditRecord, owners: &[crate::ids::AccountId]) {
        let others: Vec<String> = owners
            .iter()
            .map(crate::ids::AccountId::to_string)
            .filter(|owner| *owner != record.recipient_account_id)
            .fold(Vec::new(), |mut unique, owner| {
                if !unique.contains(&owner) {
                    unique.push(owner);
                }
                unique
            });
        if others.is_empty() {
            self.trail.push(record);
            return;
        }
        record.shared_event_id = Some(self.ids.uuid());
        let copies: Vec<AuditRecord> = others
            .into_iter()
            .map(|owner| {
                let mut copy = record.clone();
                copy.recipient_account_id = owner;
                copy
            })
            .collect();
        self.trail.push(record);
        self.trail.extend(copies);
    }
}

fn invalid_lookup(message: &str) -> ApiError {
    ApiError::new(ErrorCode::InvalidParameterException, message)
}

/// Parses LookupEvents input. Attribute keys and messages follow CloudTrail's API reference.
pub fn lookup_query_from_json(input: &Value) -> Result<LookupQuery, ApiError> {
    let mut query = LookupQuery::default();
    if let Some(attributes) = input.get("LookupAttributes") {
        let attributes = attributes
            .as_array()
            .ok_or_else(|| invalid_lookup("LookupAttributes must be a list"))?;
        for attribute in attributes {
            let key = attribute
                .get("AttributeKey")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let value = attribute
                .get("AttributeValue")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            query.attributes.push(match key {
                "EventId" => LookupAttribute::EventId(value),
                "EventName" => LookupAttribute::EventName(value),
                "ReadOnly" => LookupAttribute::ReadOnly(value.eq_ignore_ascii_case("true")),
                "Username" => LookupAttribute::Username(value),
                "ResourceType" => LookupAttribute::ResourceType(value),
                "ResourceName" => LookupAttribute::ResourceName(value),
                "EventSource" => LookupAttribute::EventSource(value),
                "AccessKeyId" => LookupAttribute::AccessKeyId(value),
                other => {
                    return Err(ApiError::new(
                        ErrorCode::InvalidParameterException,
                        format!("Invalid attribute key: {other}"),
                    ))
                }
            });
        }
    }
    let time = |name: &str| -> Result<Option<Timestamp>, ApiError> {
        match input.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(number)) => Ok(number.as_f64().map(|seconds| Timestamp(seconds as i64))),
            Some(Value::String(text)) => Timestamp::parse(text)
                .map(Some)
                .ok_or_else(|| invalid_lookup(&format!("Invalid {name}: {text}"))),
            Some(_) => Err(invalid_lookup(&format!("Invalid {name}"))),
        }
    };
    query.start_time = time("StartTime")?;
    query.end_time = time("EndTime")?;
    if let (Some(start), Some(end)) = (query.start_time, query.end_time) {
        if start > end {
            return Err(ApiError::new(
                ErrorCode::InvalidParameterException,
                "Start time must be before end time.",
            ));
        }
    }
    if let Some(max) = input.get("MaxResults").and_then(Value::as_u64) {
        if !(1..=50).contains(&max) {
            return Err(invalid_lookup("MaxResults must be between 1 and 50."));
        }
        query.max_results = usize::try_from(max).ok();
    }
    Ok(query)
}
