//! SimulateCustomPolicy end to end: request JSON in, response JSON out, against the AWS CLI's documented
//! example and the playground's canonical secret-reading scenario.

// The helpers below are outside `#[test]` functions, where clippy.toml's test allowances do not reach.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use expect_test::{expect, Expect};
use policy::simulate::{simulate_custom_policy, tagged, Simulator};
use policy::{ContextKeyType, ContextValue, Decision};
use serde_json::{json, Value};

const SECRET: &str =
    "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/cart-service/credentials-AbCdEf";
const SESSION: &str = "arn:aws:sts::111122223333:assumed-role/cart-service-role/i-0123456789abcdef0";

const IDENTITY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadCartSecrets",
      "Effect": "Allow",
      "Action": ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
      "Resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/cart-service/*"
    }
  ]
}"#;

const RESOURCE_POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "OnlyThroughTheEndpoint",
      "Effect": "Deny",
      "Principal": "*",
      "Action": "secretsmanager:GetSecretValue",
      "Resource": "*",
      "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-0a1b2c3d"}}
    }
  ]
}"#;

fn canonical(context: Value) -> Value {
    json!({
        "PolicyInputList": [IDENTITY],
        "ResourcePolicy": RESOURCE_POLICY,
        "ActionNames": ["secretsmanager:GetSecretValue"],
        "ResourceArns": [SECRET],
        "CallerArn": SESSION,
        "ContextEntries": context,
    })
}

fn vpce(value: &str) -> Value {
    json!([{"ContextKeyName": "aws:SourceVpce", "ContextKeyValues": [value], "ContextKeyType": "string"}])
}

/// Runs a request and snapshots its response without the `Explanation` members (snapshotted separately).
fn check(request: Value, expected: Expect) {
    let mut response = simulate_custom_policy(&request.to_string()).unwrap();
    for result in response["EvaluationResults"].as_array_mut().unwrap() {
        result.as_object_mut().unwrap().remove("Explanation");
    }
    expected.assert_eq(&serde_json::to_string_pretty(&response).unwrap());
}

fn decisions(request: Value) -> Vec<String> {
    let response = simulate_custom_policy(&request.to_string()).unwrap();
    response["EvaluationResults"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| result["EvalDecision"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_aws_cli_example_gives_its_documented_positions() {
    // `aws iam simulate-custom-policy` example from the AWS CLI reference.
    check(
        json!({
            "PolicyInputList": [r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}"#],
            "ActionNames": ["dynamodb:CreateBackup"],
            "ContextEntries": [{"ContextKeyName": "aws:CurrentTime", "ContextKeyValues": ["2019-04-25T11:00:00Z"], "ContextKeyType": "date"}]
        }),
        expect![[r#"
            {
              "EvaluationResults": [
                {
                  "EvalActionName": "dynamodb:CreateBackup",
                  "EvalResourceName": "*",
                  "EvalDecision": "allowed",
                  "MatchedStatements": [
                    {
                      "SourcePolicyId": "PolicyInputList.1",
                      "SourcePolicyType": "IAM Policy",
                      "StartPosition": {
                        "Line": 1,
                        "Column": 38
                      },
                      "EndPosition": {
                        "Line": 1,
                        "Column": 167
                      }
                    }
                  ],
                  "MissingContextValues": []
                }
              ],
              "IsTruncated": false
            }"#]],
    );
    // The documented implicit deny: the date is before the policy's.
    assert_eq!(
        decisions(json!({
            "PolicyInputList": [r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}"#],
            "ActionNames": ["dynamodb:CreateBackup"],
            "ContextEntries": [{"ContextKeyName": "aws:CurrentTime", "ContextKeyValues": ["2014-04-25T11:00:00Z"], "ContextKeyType": "date"}]
        })),
        ["implicitDeny"]
    );
}

#[test]
fn the_canonical_secret_read_is_allowed_through_the_endpoint() {
    check(
        canonical(vpce("vpce-0a1b2c3d")),
        expect![[r#"
            {
              "EvaluationResults": [
                {
                  "EvalActionName": "secretsmanager:GetSecretValue",
                  "EvalResourceName": "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/cart-service/credentials-AbCdEf",
                  "EvalDecision": "allowed",
                  "MatchedStatements": [
                    {
                      "SourcePolicyId": "PolicyInputList.1",
                      "SourcePolicyType": "IAM Policy",
                      "StartPosition": {
                        "Line": 3,
                        "Column": 17
                      },
                      "EndPosition": {
                        "Line": 9,
                        "Column": 6
                      }
                    }
                  ],
                  "MissingContextValues": [],
                  "EvalDecisionDetails": {},
                  "ResourceSpecificResults": [
                    {
                      "EvalResourceName": "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/cart-service/credentials-AbCdEf",
                      "EvalResourceDecision": "allowed",
                      "MatchedStatements": [
                        {
                          "SourcePolicyId": "PolicyInputList.1",
                          "SourcePolicyType": "IAM Policy",
                          "StartPosition": {
                            "Line": 3,
                            "Column": 17
                          },
                          "EndPosition": {
                            "Line": 9,
                            "Column": 6
                          }
                        }
                      ],
                      "MissingContextValues": [],
                      "EvalDecisionDetails": {}
                    }
                  ]
                }
              ],
              "IsTruncated": false
            }"#]],
    );
}

#[test]
fn outside_the_endpoint_the_resource_policy_denies_and_only_the_deny_is_matched() {
    let response = simulate_custom_policy(&canonical(vpce("vpce-ffffffff")).to_string()).unwrap();
    let result = &response["EvaluationResults"][0];
    assert_eq!(result["EvalDecision"], "explicitDeny");
    assert_eq!(
        result["MatchedStatements"],
        json!([{
            "SourcePolicyId": "ResourcePolicy",
            "SourcePolicyType": "Resource Policy",
            "StartPosition": {"Line": 3, "Column": 17},
            "EndPosition": {"Line": 11, "Column": 6}
        }])
    );
    // Without the key, StringNotEquals matches: still denied, and the key is reported missing.
    let response = simulate_custom_policy(&canonical(json!([])).to_string()).unwrap();
    let result = &response["EvaluationResults"][0];
    assert_eq!(result["EvalDecision"], "explicitDeny");
    assert_eq!(result["MissingContextValues"], json!(["aws:SourceVpce"]));
}

#[test]
fn every_action_on_every_resource_in_order() {
    let mut request = canonical(vpce("vpce-0a1b2c3d"));
    request["ActionNames"] = json!(["secretsmanager:GetSecretValue", "secretsmanager:DeleteSecret"]);
    request["ResourceArns"] = json!([
        SECRET,
        "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/payments/key-123456"
    ]);
    assert_eq!(
        decisions(request),
        ["allowed", "implicitDeny", "implicitDeny", "implicitDeny"]
    );
}

#[test]
fn the_explanation_shows_layers_statements_and_resolved_conditions() {
    let response = simulate_custom_policy(&canonical(vpce("vpce-ffffffff")).to_string()).unwrap();
    let explanation = &response["EvaluationResults"][0]["Explanation"];
    assert_eq!(explanation["Decision"], "explicitDeny");
    let layers: Vec<String> = explanation["Layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|layer| {
            format!(
                "{}: {}",
                layer["Layer"].as_str().unwrap(),
                layer["Verdict"].as_str().unwrap()
            )
        })
        .collect();
    expect![[r#"
        [
            "ServiceControlPolicy: not present",
            "ResourceControlPolicy: not present",
            "VpcEndpointPolicy: not present",
            "ResourcePolicy: explicitly denied",
            "IdentityPolicy: allowed",
            "PermissionsBoundary: not present",
            "SessionPolicy: not present",
        ]
    "#]]
    .assert_debug_eq(&layers);
    let deny = explanation["Statements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|trace| trace["Statement"]["SourcePolicyId"] == "ResourcePolicy")
        .unwrap();
    assert_eq!(deny["Applies"], true);
    assert_eq!(
        deny["Conditions"][0]["RequestValues"],
        json!(["vpce-ffffffff"]),
        "conditions carry the request's resolved values"
    );
    assert_eq!(deny["Conditions"][0]["Result"], true);
    assert!(explanation["Denial"]["Message"].as_str().unwrap().starts_with(
        "User: arn:aws:sts::111122223333:assumed-role/cart-service-role/i-0123456789abcdef0 is not authorized"
    ));
}

#[test]
fn boundaries_and_organizations_report_their_details() {
    let mut request = canonical(vpce("vpce-0a1b2c3d"));
    request["PermissionsBoundaryPolicyInputList"] = json!([
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:Describe*","Resource":"*"}]}"#
    ]);
    request["ServiceControlPolicyInputList"] = json!([
        [r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#],
        [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:*","Resource":"*"}]}"#
        ]
    ]);
    let response = simulate_custom_policy(&request.to_string()).unwrap();
    let result = &response["EvaluationResults"][0];
    assert_eq!(result["EvalDecision"], "implicitDeny");
    assert_eq!(
        result["PermissionsBoundaryDecisionDetail"],
        json!({"AllowedByPermissionsBoundary": false})
    );
    assert_eq!(
        result["OrganizationsDecisionDetail"],
        json!({"AllowedByOrganizations": true})
    );
    assert_eq!(result["EvalDecisionDetails"], json!({}));

    // An SCP level without an Allow ends the evaluation: no EvalDecisionDetails, as AWS documents.
    request["ServiceControlPolicyInputList"] = json!([
        [r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#],
        [r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#]
    ]);
    let response = simulate_custom_policy(&request.to_string()).unwrap();
    let result = &response["EvaluationResults"][0];
    assert_ne!(result["EvalDecision"], "allowed");
    assert_eq!(
        result["OrganizationsDecisionDetail"],
        json!({"AllowedByOrganizations": false})
    );
    assert!(result.get("EvalDecisionDetails").is_none());
}

#[test]
fn cross_account_needs_both_sides_and_says_which() {
    let foreign = "arn:aws:secretsmanager:us-east-1:444455556666:secret:shared/db-AbCdEf";
    let identity = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}"#;
    let mut request = json!({
        "PolicyInputList": [identity],
        "ResourcePolicy": r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}"#,
        "ActionNames": ["secretsmanager:GetSecretValue"],
        "ResourceArns": [foreign],
        "CallerArn": SESSION,
    });
    let response = simulate_custom_policy(&request.to_string()).unwrap();
    let result = &response["EvaluationResults"][0];
    assert_eq!(result["EvalDecision"], "allowed");
    assert_eq!(
        result["EvalDecisionDetails"],
        json!({"IAM Policy": "allowed", "Resource Policy": "allowed"})
    );

    request["ResourcePolicy"] = json!(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999999999999:root"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}"#
    );
    let response = simulate_custom_policy(&request.to_string()).unwrap();
    let result = &response["EvaluationResults"][0];
    assert_eq!(result["EvalDecision"], "implicitDeny");
    assert_eq!(
        result["EvalDecisionDetails"],
        json!({"IAM Policy": "allowed", "Resource Policy": "implicitDeny"})
    );

    // ResourceOwner decides the account of resources whose ARN names none.
    let response = simulate_custom_policy(
        &json!({
            "PolicyInputList": [identity],
            "ActionNames": ["secretsmanager:GetSecretValue"],
            "ResourceArns": ["arn:aws:s3:::bucket/key"],
            "ResourceOwner": "arn:aws:iam::444455556666:root",
            "CallerArn": SESSION,
        })
        .to_string(),
    )
    .unwrap();
    assert_eq!(response["EvaluationResults"][0]["EvalDecision"], "implicitDeny");
}

#[test]
fn malformed_policies_name_the_input_and_the_place() {
    let error = simulate_custom_policy(
        &json!({
            "PolicyInputList": [IDENTITY, "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\"}\n  ]\n}"],
            "ActionNames": ["s3:GetObject"],
        })
        .to_string(),
    )
    .unwrap_err();
    assert_eq!(error.code(), "MalformedPolicyDocument");
    assert_eq!(error.message(), "Policy statement must contain resources.");
    let tagged = error.to_json();
    assert_eq!(tagged["type"], "invalid");
    assert_eq!(tagged["sourcePolicyId"], "PolicyInputList.2");
    assert_eq!(tagged["line"], 4);
}

#[test]
fn refusals_use_the_aws_codes() {
    let base = json!({"PolicyInputList": [IDENTITY], "ActionNames": ["secretsmanager:GetSecretValue"]});
    let refuse = |patch: Value| {
        let mut request = base.clone();
        for (key, value) in patch.as_object().unwrap() {
            request[key] = value.clone();
        }
        let error = simulate_custom_policy(&request.to_string()).unwrap_err();
        format!("{}: {}", error.code(), error.message())
    };
    expect![[r#"
        [
            "InvalidInput: ResourceNames are not in a valid ARN format: my-secret.",
            "InvalidInput: CallerArn is required if you include a ResourcePolicy.",
            "InvalidInput: 'acme' is not a valid as a Resource Owner.",
            "InvalidInput: Invalid CallerArn: arn:aws:iam::111122223333:group/ops.",
            "ValidationError: 1 validation error detected: Value 'text' at 'contextEntries.1.member.contextKeyType' failed to satisfy constraint: Member must satisfy enum value set: [string, stringList, numeric, numericList, boolean, booleanList, ip, ipList, binary, binaryList, date, dateList]",
            "ParamValidation: Missing required parameter in input: \"PolicyInputList\"",
        ]
    "#]]
    .assert_debug_eq(&[
        refuse(json!({"ResourceArns": ["my-secret"]})),
        refuse(json!({"ResourcePolicy": RESOURCE_POLICY})),
        refuse(json!({"ResourceOwner": "acme"})),
        refuse(json!({"CallerArn": "arn:aws:iam::111122223333:group/ops"})),
        refuse(json!({"ContextEntries": [{"ContextKeyName": "k", "ContextKeyValues": ["v"], "ContextKeyType": "text"}]})),
        {
            let error = simulate_custom_policy(r#"{"ActionNames": ["s3:GetObject"]}"#).unwrap_err();
            format!("{}: {}", error.code(), error.message())
        },
    ]);
}

#[test]
fn the_simulator_agrees_with_the_one_shot_api() {
    let request = canonical(vpce("vpce-0a1b2c3d"));
    let simulator = Simulator::new(&request.to_string()).unwrap();
    let actions = [
        "secretsmanager:GetSecretValue",
        "secretsmanager:DescribeSecret",
        "secretsmanager:PutSecretValue",
    ];
    let resources = [
        SECRET,
        "arn:aws:secretsmanager:us-east-1:111122223333:secret:dev/cart-service/x-AbCdEf",
    ];
    let mut one_shot = request.clone();
    one_shot["ActionNames"] = json!(actions);
    one_shot["ResourceArns"] = json!(resources);
    let expected = decisions(one_shot);
    let cells: Vec<(&str, &str)> = actions
        .iter()
        .flat_map(|action| resources.iter().map(move |resource| (*action, *resource)))
        .collect();
    let matrix: Vec<&str> = simulator
        .decide_cells(cells.iter().copied())
        .iter()
        .map(|decision| decision.as_str())
        .collect();
    assert_eq!(matrix, expected);
    let single: Vec<&str> = cells
        .iter()
        .map(|(action, resource)| simulator.evaluate(action, resource, simulator.context()).as_str())
        .collect();
    assert_eq!(single, expected);
    assert_eq!(
        simulator
            .matrix_json(&json!({"ActionNames": actions, "ResourceArns": resources}).to_string())
            .unwrap(),
        json!({"Decisions": expected})
    );
    assert_eq!(
        simulator
            .matrix_json(&json!([{"ActionName": actions[0], "ResourceArn": SECRET}]).to_string())
            .unwrap(),
        json!({"Decisions": ["allowed"]})
    );

    let cells = json!({"ActionNames": actions, "ResourceArns": resources}).to_string();
    assert_eq!(
        serde_json::from_str::<Value>(&simulator.matrix_tagged_text(&cells)).unwrap(),
        tagged(simulator.matrix_json(&cells))
    );
    assert_eq!(
        serde_json::from_str::<Value>(&simulator.matrix_tagged_text(r#"{"ActionNames": ["s3:*"]}"#)).unwrap()
            ["code"],
        "InvalidInput"
    );
    assert_eq!(
        simulator.decide_json(actions[0], SECRET, "[]").unwrap(),
        Decision::Allowed
    );

    // A context given per question replaces the request's entry of the same key.
    let mut outside = simulator.context().clone();
    outside.insert(
        "aws:SourceVpce",
        ContextValue::single(ContextKeyType::String, "vpce-ffffffff"),
    );
    assert_eq!(
        simulator.evaluate(actions[0], SECRET, &outside),
        Decision::ExplicitDeny
    );
    assert_eq!(
        simulator
            .decide_json(actions[0], SECRET, &vpce("vpce-ffffffff").to_string())
            .unwrap(),
        Decision::ExplicitDeny
    );
    assert_eq!(
        simulator.decide_json(actions[0], SECRET, "").unwrap(),
        Decision::Allowed
    );
    assert_eq!(
        simulator
            .decide_json("secretsmanager:*", SECRET, "")
            .unwrap_err()
            .code(),
        "InvalidInput"
    );
    assert_eq!(simulator.policy_text("ResourcePolicy"), Some(RESOURCE_POLICY));
}

#[test]
fn the_javascript_answers_are_tagged() {
    let ok = tagged(simulate_custom_policy(
        &canonical(vpce("vpce-0a1b2c3d")).to_string(),
    ));
    assert_eq!(
        ok.as_object().unwrap().keys().next().map(String::as_str),
        Some("type")
    );
    assert_eq!(ok["type"], "ok");
    assert_eq!(ok["EvaluationResults"][0]["EvalDecision"], "allowed");
    let invalid = tagged(simulate_custom_policy("{"));
    assert_eq!(invalid["type"], "invalid");
    assert_eq!(invalid["code"], "InvalidJson");
}
