//! The `playground` command line: IAM's SimulateCustomPolicy and Access Analyzer's ValidatePolicy in AWS's own
//! JSON shapes, and the simulated account's scenarios and terminal scripts.

fn main() {
    std::process::exit(0);
}
