//! The EC2 and KMS operations the explorer uses, run from the terminal as the AWS CLI runs them, and EC2's
//! `--dry-run`.

#![allow(clippy::panic, clippy::indexing_slicing)]

use account::terminal::{run_script, ScriptStep};
use account::Account;

fn run(account: &mut Account, script: &str) -> Vec<ScriptStep> {
    let run = run_script(account, script);
    assert!(run.error.is_none(), "{:?}", run.error);
    run.steps
}

fn canonical() -> Account {
    Account::builtin("canonical").unwrap_or_else(|| panic!("the canonical scenario builds"))
}

#[test]
fn dry_run_changes_nothing_and_answers_dry_run_operation() {
    let mut account = canonical();
    let steps = run(
        &mut account,
        "aws ec2 stop-instances --instance-ids i-0c4a7e1b9d2f36a58 --dry-run\n\
         aws ec2 create-tags --resources i-0c4a7e1b9d2f36a58 --tags Key=owner,Value=cart --dry-run\n\
         aws ec2 create-vpc-endpoint --vpc-id vpc-0a1b2c3d4e5f60718 --service-name com.amazonaws.us-east-1.secretsmanager --dry-run\n",
    );
    for (step, operation) in steps
        .iter()
        .zip(["StopInstances", "CreateTags", "CreateVpcEndpoint"])
    {
        assert_eq!(step.exit_code, 254, "{step:?}");
        assert_eq!(
            step.stderr.trim(),
            format!("An error occurred (DryRunOperation) when calling the {operation} operation: Request would have succeeded, but DryRun flag is set.")
        );
    }
    // Nothing changed: the instance runs, has no such tag, and there is no endpoint.
    let checks = run(
        &mut account,
        "aws ec2 describe-instances --instance-ids i-0c4a7e1b9d2f36a58 --query \"Reservations[0].Instances[0].[State.Name, length(Tags[?Key=='owner'])]\" --output text\n\
         aws ec2 describe-vpc-endpoints --query \"length(VpcEndpoints)\"\n",
    );
    let outputs: Vec<&str> = checks.iter().map(|step| step.stdout.trim_end()).collect();
    assert_eq!(outputs, ["running\t0", "0"], "{checks:?}");
}

#[test]
fn a_dry_run_the_caller_may_not_make_is_unauthorized_and_explained() {
    let mut account = canonical();
    let steps = run(
        &mut account,
        "on cart-app\naws ec2 stop-instances --instance-ids i-0c4a7e1b9d2f36a58 --dry-run\n",
    );
    let Some(step) = steps.last() else {
        panic!("no step ran")
    };
    assert_eq!(step.exit_code, 254);
    assert!(
        step.stderr.contains("(UnauthorizedOperation) when calling the StopInstances operation: You are not authorized to perform this operation."),
        "{}",
        step.stderr
    );
    assert!(
        account.last_denial().is_some(),
        "a denied dry run is explained like any denied call"
    );
}

#[test]
fn tags_endpoints_and_aliases_from_the_terminal() {
    let mut account = canonical();
    let steps = run(
        &mut account,
        "aws ec2 create-tags --resources i-0c4a7e1b9d2f36a58 --tags Key=owner,Value=cart\n\
         aws ec2 describe-instances --instance-ids i-0c4a7e1b9d2f36a58 --query \"Reservations[0].Instances[0].Tags[?Key=='owner'].Value\" --output text\n\
         aws ec2 delete-tags --resources i-0c4a7e1b9d2f36a58 --tags Key=owner\n\
         aws ec2 describe-instances --instance-ids i-0c4a7e1b9d2f36a58 --query \"Reservations[0].Instances[0].Tags[?Key=='owner'].Value\" --output text\n\
         aws ec2 create-vpc-endpoint --vpc-id vpc-0a1b2c3d4e5f60718 --service-name com.amazonaws.us-east-1.secretsmanager --vpc-endpoint-type Interface --query VpcEndpoint.VpcEndpointId --output text\n\
         aws ec2 describe-vpc-endpoints --query \"length(VpcEndpoints)\"\n\
         aws ec2 create-vpc-endpoint --vpc-id vpc-0a1b2c3d4e5f60718 --service-name com.amazonaws.us-east-1.secretsmanager --vpc-endpoint-type Gateway\n\
         aws kms delete-alias --alias-name alias/cart-service\n\
         aws kms list-aliases --query \"Aliases[?AliasName=='alias/cart-service'] | length(@)\"\n",
    );
    let outputs: Vec<(i32, &str)> = steps
        .iter()
        .map(|step| (step.exit_code, step.stdout.trim_end()))
        .collect();
    assert_eq!(outputs[0], (0, ""), "{:?}", steps[0]);
    assert_eq!(outputs[1], (0, "cart"));
    assert_eq!(outputs[2], (0, ""));
    assert_eq!(outputs[3], (0, ""));
    assert_eq!(outputs[4].0, 0, "{:?}", steps[4]);
    assert!(outputs[4].1.starts_with("vpce-"), "{:?}", steps[4]);
    assert_eq!(outputs[5], (0, "1"), "{:?}", steps[5]);
    assert_eq!(steps[6].exit_code, 254);
    assert!(
        steps[6].stderr.contains("(InvalidParameterValue)"),
        "{}",
        steps[6].stderr
    );
    assert_eq!(outputs[7], (0, ""), "{:?}", steps[7]);
    assert_eq!(outputs[8], (0, "0"), "{:?}", steps[8]);
}
