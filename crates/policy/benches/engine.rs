//! Criterion benchmarks of the policy engine: parsing, validation, one canonical GetSecretValue decision, the
//! same through the SimulateCustomPolicy JSON API, and a 10,000-cell access matrix (25 principals × 50 secrets
//! × 8 actions), decided directly and as JSON text the way the wasm facade's `Engine.matrix` answers it. Run
//! with `cargo bench -p policy --bench engine`.

// A benchmark fixture that fails to build should stop the run loudly: the test allowances apply here too.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use policy::simulate::{simulate_custom_policy, Simulator};
use policy::validate::validate_policy;
use policy::{decide, explain, parse_policy, PolicyKind};
use serde_json::json;

/// The canonical request, shared with the Node benchmark (`crates/wasm/bench/bench.mjs`): the cart service's EC2
/// role session reading its credentials through the VPC endpoint, with an identity policy, a secret policy with a
/// VPC-endpoint condition, and three context keys.
const CANONICAL: &str = include_str!("canonical.json");

const SECRET: &str =
    "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/cart-service/credentials-AbCdEf";

fn canonical_request() -> serde_json::Value {
    serde_json::from_str(CANONICAL).unwrap()
}

const ACTIONS: [&str; 8] = [
    "secretsmanager:GetSecretValue",
    "secretsmanager:DescribeSecret",
    "secretsmanager:PutSecretValue",
    "secretsmanager:UpdateSecret",
    "secretsmanager:DeleteSecret",
    "secretsmanager:RotateSecret",
    "secretsmanager:GetResourcePolicy",
    "secretsmanager:ListSecretVersionIds",
];

/// 25 simulators (one per service role, each allowed its own secrets) and 50 secret ARNs.
fn matrix_fixture(resource_policy: &str) -> (Vec<Simulator>, Vec<String>) {
    let services: Vec<String> = (0..25).map(|index| format!("service-{index:02}")).collect();
    let secrets: Vec<String> = (0..50)
        .map(|index| {
            let service = &services[index % services.len()];
            format!("arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/{service}/secret-{index:02}-AbCdEf")
        })
        .collect();
    let simulators = services
        .iter()
        .map(|service| {
            let identity = json!({
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Action": ["secretsmanager:GetSecretValue", "secretsmanager:Describe*"],
                     "Resource": format!("arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/{service}/*")},
                    {"Effect": "Deny", "Action": "secretsmanager:DeleteSecret", "Resource": "*",
                     "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}
                ]
            });
            let request = json!({
                "PolicyInputList": [identity.to_string()],
                "ResourcePolicy": resource_policy,
                "CallerArn": format!("arn:aws:sts::111122223333:assumed-role/{service}-role/i-0123456789abcdef0"),
                "ContextEntries": [
                    {"ContextKeyName": "aws:SourceVpce", "ContextKeyValues": ["vpce-0a1b2c3d"], "ContextKeyType": "string"}
                ]
            });
            Simulator::new(&request.to_string()).unwrap()
        })
        .collect();
    (simulators, secrets)
}

fn benches(criterion: &mut Criterion) {
    let canonical = canonical_request();
    let identity = canonical["PolicyInputList"][0].as_str().unwrap().to_owned();
    let resource_policy = canonical["ResourcePolicy"].as_str().unwrap().to_owned();
    criterion.bench_function("parse/identity+resource policy", |bencher| {
        bencher.iter(|| {
            (
                parse_policy(black_box(identity.as_str()), PolicyKind::IdentityManaged).unwrap(),
                parse_policy(black_box(resource_policy.as_str()), PolicyKind::SecretResource).unwrap(),
            )
        })
    });
    criterion.bench_function("validate/identity+resource policy", |bencher| {
        bencher.iter(|| {
            (
                validate_policy(black_box(identity.as_str()), PolicyKind::IdentityManaged),
                validate_policy(black_box(resource_policy.as_str()), PolicyKind::SecretResource),
            )
        })
    });

    let simulator = Simulator::new(CANONICAL).unwrap();
    let request = simulator.request(
        "secretsmanager:GetSecretValue",
        SECRET,
        simulator.context().clone(),
    );
    let layers = simulator.layers(SECRET);
    assert_eq!(decide(&request, &layers).as_str(), "allowed");
    criterion.bench_function("evaluate/canonical decision (decide)", |bencher| {
        bencher.iter(|| decide(black_box(&request), black_box(&layers)))
    });
    criterion.bench_function("evaluate/canonical decision (Simulator::evaluate)", |bencher| {
        bencher.iter(|| {
            simulator.evaluate(
                "secretsmanager:GetSecretValue",
                black_box(SECRET),
                simulator.context(),
            )
        })
    });
    criterion.bench_function("evaluate/canonical explanation (explain)", |bencher| {
        bencher.iter(|| explain(black_box(&request), black_box(&layers)))
    });
    let request_json = canonical.to_string();
    criterion.bench_function(
        "simulate/canonical SimulateCustomPolicy JSON round trip",
        |bencher| bencher.iter(|| simulate_custom_policy(black_box(&request_json)).unwrap()),
    );

    let (simulators, secrets) = matrix_fixture(&resource_policy);
    let cells: Vec<(&str, &str)> = ACTIONS
        .iter()
        .flat_map(|action| secrets.iter().map(move |secret| (*action, secret.as_str())))
        .collect();
    assert_eq!(simulators.len() * cells.len(), 10_000);
    let mut group = criterion.benchmark_group("matrix");
    group.sample_size(20);
    group.bench_function(
        "10,000 cells (25 principals x 50 secrets x 8 actions)",
        |bencher| {
            bencher.iter(|| {
                simulators
                    .iter()
                    .map(|simulator| simulator.decide_cells(cells.iter().copied()).len())
                    .sum::<usize>()
            })
        },
    );
    // The same cells as the Node benchmark asks them of `Engine.matrix`: JSON in, JSON text out. This is the
    // native figure to hold the wasm matrix against (the one above leaves out reading the cells and writing
    // the answer).
    let cells_json = json!({"ActionNames": ACTIONS, "ResourceArns": secrets}).to_string();
    group.bench_function(
        "10,000 cells as JSON (25 x Simulator::matrix_tagged_text, as Engine.matrix)",
        |bencher| {
            bencher.iter(|| {
                simulators
                    .iter()
                    .map(|simulator| simulator.matrix_tagged_text(black_box(&cells_json)).len())
                    .sum::<usize>()
            })
        },
    );
    group.finish();
}

criterion_group!(engine, benches);
criterion_main!(engine);
