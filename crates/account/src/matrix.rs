//! The access matrix: every principal that can call (each instance's role session, each role of the account,
//! each role of another account) × every secret of the playground's account × [`MATRIX_ACTIONS`], one
//! `decide` per cell. A cell decides exactly what [`Account::evaluate_access`] decides for the query
//! [`Account::matrix_query`] makes of it, so a cell and its explanation never disagree. After a god-mode edit
//! of one policy, [`AccessMatrix::refresh_after_edit`] recomputes only the cells that policy can change.

use policy::{decide, Decision, PolicyLayers, Request, RequestContext, ResourceRule};

use crate::api::{NetworkOrigin, Service};
use crate::auth::{
    add_via_secrets_manager, key_target, plain_target, principal_of, sourced, AccessQuery, PLAYGROUND_SESSION,
};
use crate::model::{InstanceState, Key, RoleDelivery, Secret, Session, SessionOrigin};
use crate::state::{Account, PolicyRef};

/// The actions of the access matrix's columns.
pub const MATRIX_ACTIONS: [&str; 8] = [
    "secretsmanager:GetSecretValue",
    "secretsmanager:DescribeSecret",
    "secretsmanager:PutSecretValue",
    "secretsmanager:UpdateSecret",
    "secretsmanager:DeleteSecret",
    "secretsmanager:RotateSecret",
    "secretsmanager:GetResourcePolicy",
    "kms:Decrypt",
];

const KMS_DECRYPT: &str = "kms:Decrypt";

/// Who a row of the access matrix is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatrixPrincipal {
    /// The session EC2 delivers to an instance through its instance profile
    /// (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/INSTANCE_ID`), calling from the instance's network.
    InstanceSession {
        arn: String,
        role_arn: String,
        instance_id: String,
    },
    /// A role of the playground's account, as a session named `playground`.
    Role { arn: String },
    /// A role of another account, as a session named `playground`.
    OtherAccountRole { arn: String },
}

impl MatrixPrincipal {
    /// The row's principal ARN (a session ARN for instance sessions, else the role ARN).
    pub fn arn(&self) -> &str {
        match self {
            MatrixPrincipal::InstanceSession { arn, .. }
            | MatrixPrincipal::Role { arn }
            | MatrixPrincipal::OtherAccountRole { arn } => arn,
        }
    }

    /// The role behind the row.
    pub fn role_arn(&self) -> &str {
        match self {
            MatrixPrincipal::InstanceSession { role_arn, .. } => role_arn,
            MatrixPrincipal::Role { arn } | MatrixPrincipal::OtherAccountRole { arn } => arn,
        }
    }

    /// The instance whose session this row is.
    pub fn instance_id(&self) -> Option<&str> {
        match self {
            MatrixPrincipal::InstanceSession { instance_id, .. } => Some(instance_id),
            _ => None,
        }
    }
}

/// The access matrix: principals × secrets × actions, one decision per cell.
#[derive(Debug, Clone, PartialEq)]
pub struct AccessMatrix {
    /// Principal ARNs, one per row (see [`AccessMatrix::rows`]).
    pub principals: Vec<String>,
    /// Who each row is, in the order of `principals`: instance sessions, then roles, then other accounts' roles.
    pub rows: Vec<MatrixPrincipal>,
    /// Secret ARNs.
    pub secrets: Vec<String>,
    pub actions: Vec<String>,
    /// Row-major: `cells[(principal * secrets + secret) * actions + action]`.
    pub cells: Vec<Decision>,
    /// Where role rows call from (instance sessions call from their instance).
    pub network: NetworkOrigin,
}

impl AccessMatrix {
    /// The decision of one cell; `None` out of range.
    pub fn get(&self, principal: usize, secret: usize, action: usize) -> Option<Decision> {
        if principal >= self.principals.len() || secret >= self.secrets.len() || action >= self.actions.len()
        {
            return None;
        }
        let index = (principal.checked_mul(self.secrets.len())?.checked_add(secret)?)
            .checked_mul(self.actions.len())?
            .checked_add(action)?;
        self.cells.get(index).copied()
    }

    /// Brings the matrix up to date with `account` after a god-mode edit of `edited` and nothing else,
    /// recomputing only the cells the edit can change: a role's trust or inline policy → that role's rows;
    /// a managed policy → the rows of the roles it is attached to or bounds; a secret's resource policy →
    /// that secret's cells; a key policy → the `kms:Decrypt` cells of the secrets under the key; a VPC
    /// endpoint policy, an SCP or an RCP → everything. When the rows or secrets differ (a trust policy decides
    /// whether an instance session exists), everything is recomputed.
    pub fn refresh_after_edit(&mut self, account: &Account, edited: &PolicyRef) {
        let rows = account.matrix_principals();
        let secrets = account.matrix_secrets();
        let same_shape = rows == self.rows
            && secrets.len() == self.secrets.len()
            && secrets
                .iter()
                .zip(&self.secrets)
                .all(|(secret, arn)| secret.arn() == *arn)
            && self.actions.iter().eq(MATRIX_ACTIONS.iter())
            && self.cells.len() == rows.len() * secrets.len() * MATRIX_ACTIONS.len();
        if !same_shape {
            *self = account.access_matrix(&self.network);
            return;
        }
        let columns = account.matrix_columns(&secrets);
        let all_secrets: Vec<usize> = (0..columns.len()).collect();
        let every_row = |matrix: &mut AccessMatrix, secrets: &[usize], which: Actions| {
            for (index, row) in rows.iter().enumerate() {
                matrix.fill(account, index, row, &columns, secrets, which);
            }
        };
        match edited {
            PolicyRef::Trust { role_arn } | PolicyRef::Inline { role_arn, .. } => {
                for (index, row) in rows.iter().enumerate() {
                    if row.role_arn() == role_arn {
                        self.fill(account, index, row, &columns, &all_secrets, Actions::All);
                    }
                }
            }
            PolicyRef::Managed { policy_arn } => {
                for (index, row) in rows.iter().enumerate() {
                    let uses = account.role_by_arn(row.role_arn()).is_some_and(|role| {
                        role.attached_policies.iter().any(|arn| arn == policy_arn)
                            || role.permissions_boundary.as_deref() == Some(policy_arn.as_str())
                    });
                    if uses {
                        self.fill(account, index, row, &columns, &all_secrets, Actions::All);
                    }
                }
            }
            PolicyRef::Secret { secret_arn } => {
                let edited: Vec<usize> = columns
                    .iter()
                    .enumerate()
                    .filter(|(_, column)| column.arn == *secret_arn)
                    .map(|(index, _)| index)
                    .collect();
                every_row(self, &edited, Actions::All);
            }
            PolicyRef::Key { key_arn } => {
                let under_key: Vec<usize> = columns
                    .iter()
                    .enumerate()
                    .filter(|(_, column)| column.key.is_some_and(|key| key.arn() == *key_arn))
                    .map(|(index, _)| index)
                    .collect();
                every_row(self, &under_key, Actions::KmsOnly);
            }
            PolicyRef::VpcEndpoint { .. } | PolicyRef::Organization { .. } => {
                every_row(self, &all_secrets, Actions::All);
            }
        }
    }

    /// Recomputes the cells of row `index` for the secrets `secrets` (indexes into `columns`).
    fn fill(
        &mut self,
        account: &Account,
        index: usize,
        row: &MatrixPrincipal,
        columns: &[Column<'_>],
        secrets: &[usize],
        which: Actions,
    ) {
        let width = columns.len() * MATRIX_ACTIONS.len();
        let Some(start) = index.checked_mul(width) else {
            return;
        };
        if let Some(cells) = self.cells.get_mut(start..start.saturating_add(width)) {
            account.row_cells(row, &self.network, columns, secrets, which, cells);
        }
    }
}

/// Which actions of a row to recompute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Actions {
    All,
    KmsOnly,
}

/// What every row needs to know about one secret, worked out once per computation.
struct Column<'a> {
    secret: &'a Secret,
    arn: String,
    /// Tag keys and the secret's own request keys (`secretsmanager:SecretId`, ...), as Secrets Manager adds
    /// them to the request.
    keys: RequestContext,
    /// The key `kms:Decrypt` asks about (`None`: the secret's key does not exist, so the cell is denied).
    key: Option<&'a Key>,
    key_arn: String,
    via_service: String,
}

impl Account {
    /// Every row × every secret of the playground's account × [`MATRIX_ACTIONS`]. Role rows call from
    /// `network`; instance sessions call from their instance ([`Account::network_for_instance`]). Policies are
    /// stored parsed; each cell is one `decide`, with the request context and layers built once per row and
    /// patched per secret.
    pub fn access_matrix(&self, network: &NetworkOrigin) -> AccessMatrix {
        let rows = self.matrix_principals();
        let secrets = self.matrix_secrets();
        let columns = self.matrix_columns(&secrets);
        let all_secrets: Vec<usize> = (0..columns.len()).collect();
        let width = columns.len() * MATRIX_ACTIONS.len();
        let mut cells = vec![Decision::ImplicitDeny; rows.len() * width];
        if width > 0 {
            for (row, chunk) in rows.iter().zip(cells.chunks_mut(width)) {
                self.row_cells(row, network, &columns, &all_secrets, Actions::All, chunk);
            }
        }
        AccessMatrix {
            principals: rows.iter().map(|row| row.arn().to_owned()).collect(),
            rows,
            secrets: columns.into_iter().map(|column| column.arn).collect(),
            actions: MATRIX_ACTIONS.iter().map(|action| (*action).to_owned()).collect(),
            cells,
            network: network.clone(),
        }
    }

    /// The matrix's rows: for every instance (not terminated) whose instance profile's role EC2 may assume,
    /// that role's session named after the instance; then every role of the playground's account; then every
    /// role of the other accounts.
    pub fn matrix_principals(&self) -> Vec<MatrixPrincipal> {
        let sessions = self.instances.iter().filter_map(|instance| {
            let session = self.instance_session(instance.id.as_str())?;
            Some(MatrixPrincipal::InstanceSession {
                arn: session.arn(),
                role_arn: session.role_arn,
                instance_id: instance.id.to_string(),
            })
        });
        let home = self
            .roles
            .iter()
            .filter(|role| role.account == self.home)
            .map(|role| MatrixPrincipal::Role { arn: role.arn() });
        let others = self
            .roles
            .iter()
            .filter(|role| role.account != self.home)
            .map(|role| MatrixPrincipal::OtherAccountRole { arn: role.arn() });
        sessions.chain(home).chain(others).collect()
    }

    /// The question a matrix cell answers, as [`Account::evaluate_access`] takes it: the row's principal, from
    /// its network (an instance session from its instance, others from `network`), and for `kms:Decrypt` the
    /// secret's key as Secrets Manager uses it on the caller's behalf. `None` when the secret, or its key,
    /// does not exist.
    pub fn matrix_query(
        &self,
        principal: &str,
        secret_arn: &str,
        action: &str,
        network: &NetworkOrigin,
    ) -> Option<AccessQuery> {
        let secret = self.secrets.iter().find(|secret| secret.arn() == secret_arn)?;
        let network = self
            .instance_of_session(principal)
            .and_then(|instance| self.network_for_instance(&instance, Service::SecretsManager))
            .unwrap_or_else(|| network.clone());
        let mut query = AccessQuery::new(principal, action, secret_arn);
        query.network = network;
        if action == KMS_DECRYPT {
            let key = self.resolve_key_for_secret(secret)?;
            query.resource = key.arn();
            query.via_secrets_manager = true;
            query.context.push((
                "kms:EncryptionContext:SecretARN".to_owned(),
                policy::ContextValue::single(policy::ContextKeyType::String, secret_arn),
            ));
        }
        Some(query)
    }

    /// The role session an instance's software gets from IMDS (as the AWS CLI fetches it: IMDSv2, so
    /// `ec2:RoleDelivery` is 2.0), issued now. `None` when the instance is terminated, has no instance profile
    /// or role, or the role's trust policy does not let EC2 assume it.
    pub(crate) fn instance_session(&self, instance_id: &str) -> Option<Session> {
        let instance = self.instance(instance_id)?;
        if instance.state == InstanceState::Terminated {
            return None;
        }
        let association = instance.profile.as_ref()?;
        let profile = self.instance_profile(&instance.account, &association.profile_name)?;
        let role = self.role_by_name(&instance.account, profile.roles.first()?)?;
        if !crate::imds::ec2_may_assume(role) {
            return None;
        }
        let origin = SessionOrigin::Instance {
            instance: instance.id.clone(),
            role_delivery: RoleDelivery::V2,
            vpc_id: instance.vpc_id.clone(),
            private_ip: instance.private_ip.clone(),
            region: instance.region.clone(),
        };
        Some(self.derived_session(role, instance.id.as_str(), 6 * crate::clock::HOUR, origin))
    }

    /// The instance whose IMDS session `arn` is (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/INSTANCE_ID`).
    pub(crate) fn instance_of_session(&self, arn: &str) -> Option<String> {
        let rest = arn.strip_prefix("arn:aws:sts::")?;
        let (_, rest) = rest.split_once(':')?;
        let (_, instance_id) = rest.strip_prefix("assumed-role/")?.split_once('/')?;
        let session = self.instance_session(instance_id)?;
        (session.arn() == arn).then(|| instance_id.to_owned())
    }

    /// The secrets of the matrix's columns: those of the playground's account.
    fn matrix_secrets(&self) -> Vec<&Secret> {
        self.secrets
            .iter()
            .filter(|secret| secret.account == self.home)
            .collect()
    }

    fn matrix_columns<'a>(&'a self, secrets: &[&'a Secret]) -> Vec<Column<'a>> {
        secrets
            .iter()
            .map(|secret| {
                let arn = secret.arn();
                let mut keys = RequestContext::new();
                add_secret_keys(&mut keys, secret, &arn);
                let key = self.resolve_key_for_secret(secret);
                Column {
                    secret,
                    keys,
                    key,
                    key_arn: key.map(Key::arn).unwrap_or_default(),
                    via_service: format!(
                        "secretsmanager.{}.amazonaws.com",
                        key.map_or(secret.region.as_str(), |key| key.region.as_str())
                    ),
                    arn,
                }
            })
            .collect()
    }

    fn matrix_session(&self, row: &MatrixPrincipal) -> Option<Session> {
        match row {
            MatrixPrincipal::InstanceSession { instance_id, .. } => self.instance_session(instance_id),
            MatrixPrincipal::Role { arn } | MatrixPrincipal::OtherAccountRole { arn } => {
                self.playground_session(arn, PLAYGROUND_SESSION)
            }
        }
    }

    /// Decides the cells of one row for `secrets` (indexes into `columns`), writing into the row's `cells`.
    /// Builds the request the way [`Account::evaluate_access`] does (`authorize`): the base context of the
    /// caller, the resource's tags, then the extra keys; the layers once per row (and per key for KMS).
    fn row_cells(
        &self,
        row: &MatrixPrincipal,
        network: &NetworkOrigin,
        columns: &[Column<'_>],
        secrets: &[usize],
        which: Actions,
        cells: &mut [Decision],
    ) {
        let actions = MATRIX_ACTIONS.len();
        let Some(identity) = self.matrix_session(row) else {
            cells.fill(Decision::ImplicitDeny);
            return;
        };
        let instance_network = row
            .instance_id()
            .and_then(|instance| self.network_for_instance(instance, Service::SecretsManager));
        let network = instance_network.as_ref().unwrap_or(network);
        let principal = principal_of(&identity);
        let identity_layers = self.identity_layers(&identity);

        // Secrets Manager: one request and one set of layers for the row; per secret only the resource, its
        // policy, its tags and its request keys change.
        let endpoint = self.endpoint_for(network, Service::SecretsManager);
        let mut secret_layers = self.complete_layers(
            identity_layers.clone(),
            endpoint,
            &plain_target("*", &self.home),
            &identity.account,
        );
        secret_layers.resource_rule = ResourceRule::Standard;
        let mut secret_request = Request {
            principal: principal.clone(),
            action: String::new(),
            resource: String::new(),
            context: self.base_context(&identity, network, &self.home_region, Service::SecretsManager),
        };

        // KMS, as Secrets Manager calls it on the caller's behalf: no endpoint, the caller's network, the
        // service's keys; layers once per key.
        let mut kms_context = self.base_context(&identity, network, &self.home_region, Service::Kms);
        if network.vpc_endpoint.is_some() && self.endpoint_for(network, Service::Kms).is_some() {
            kms_context.remove("aws:SourceVpce");
            kms_context.remove("aws:SourceVpc");
            kms_context.remove("aws:VpcSourceIp");
        }
        let mut via = RequestContext::new();
        add_via_secrets_manager(&mut via, &self.home_region, &identity.account);
        for (key, value) in via.iter() {
            kms_context.insert(key, value.clone());
        }
        let mut kms_request = Request {
            principal,
            action: KMS_DECRYPT.to_owned(),
            resource: String::new(),
            context: kms_context,
        };
        let mut key_layers: Vec<(&Key, PolicyLayers<'_>)> = Vec::new();

        for &secret_index in secrets {
            let Some(column) = columns.get(secret_index) else {
                continue;
            };
            let start = secret_index * actions;
            let Some(slots) = cells.get_mut(start..start + actions) else {
                continue;
            };
            let (secret_slots, kms_slot) = slots.split_at_mut(actions - 1);
            if which == Actions::All {
                secret_request.resource.clone_from(&column.arn);
                secret_request
                    .context
                    .insert_string("aws:RequestedRegion", &column.secret.region);
                for (key, value) in column.keys.iter() {
                    secret_request.context.insert(key, value.clone());
                }
                secret_layers.resource = column.secret.resource_policy.as_ref().map(sourced);
                secret_layers.resource_account =
                    (column.secret.account != identity.account).then(|| column.secret.account.to_string());
                for (slot, action) in secret_slots.iter_mut().zip(MATRIX_ACTIONS) {
                    secret_request.action.clear();
                    secret_request.action.push_str(action);
                    *slot = decide(&secret_request, &secret_layers);
                }
                for (key, _) in column.keys.iter() {
                    secret_request.context.remove(key);
                }
            }
            let Some(slot) = kms_slot.first_mut() else {
                continue;
            };
            let Some(key) = column.key else {
                *slot = Decision::ImplicitDeny;
                continue;
            };
            let layers = match key_layers.iter().position(|(known, _)| std::ptr::eq(*known, key)) {
                Some(position) => key_layers.get(position).map(|(_, layers)| layers),
                None => {
                    let layers = self.complete_layers(
                        identity_layers.clone(),
                        None,
                        &key_target(key),
                        &identity.account,
                    );
                    key_layers.push((key, layers));
                    key_layers.last().map(|(_, layers)| layers)
                }
            };
            let Some(layers) = layers else {
                continue;
            };
            kms_request.resource.clone_from(&column.key_arn);
            kms_request
                .context
                .insert_string("aws:RequestedRegion", &key.region);
            kms_request
                .context
                .insert_string("kms:ViaService", &column.via_service);
            kms_request
                .context
                .insert_string("kms:EncryptionContext:SecretARN", &column.arn);
            *slot = decide(&kms_request, layers);
        }
    }
}

/// The keys Secrets Manager adds to a request about an existing secret: its tags (`aws:ResourceTag/*` and
/// `secretsmanager:ResourceTag/*`), `secretsmanager:SecretId`, and the primary Region and rotation function
/// when it has them.
pub(crate) fn add_secret_keys(context: &mut RequestContext, secret: &Secret, arn: &str) {
    crate::auth::add_resource_tags(context, &secret.tags, Some("secretsmanager"));
    context.insert_string("secretsmanager:SecretId", arn);
    if let Some(primary) = &secret.primary_region {
        context.insert_string("secretsmanager:SecretPrimaryRegion", primary);
    }
    if let Some(rotation) = &secret.rotation {
        context.insert_string(
            "secretsmanager:resource/AllowRotationLambdaArn",
            &rotation.lambda_arn,
        );
    }
}
