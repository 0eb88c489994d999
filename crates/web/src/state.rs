//! The app's state: [`AppState`] owns the simulated account plus the UI-only fields (editor drafts, the
//! selected matrix cell, undo and redo, notices, terminal transcripts); [`Action`] lists what a person can do;
//! the [`Reducible`] impl forwards each action to the engine (through [`crate::engine`]) and is pure: storage,
//! URL and timers are handled by effects in the components.

use std::collections::BTreeMap;
use std::rc::Rc;

use account::Account;
use yew::prelude::*;

use crate::engine::{
    self, CellKey, EntityKind, ExplanationView, ExplorerSection, Matrix, PolicyKind, PolicyRef, RequestDraft,
};
use crate::persist::Saved;

/// Above this many matrix cells, typing in a policy whose edit can change any cell (an SCP, an RCP, a VPC
/// endpoint policy) defers the matrix to a pause (see [`AppState::matrix_pending`]). Edits of other policies
/// refresh only the cells they can change, on every keystroke.
const BIG_MATRIX_CELLS: usize = 4_000;

/// How many undo steps are kept.
const UNDO_LIMIT: usize = 100;

/// What the explanation panel explains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Cell(CellKey),
    Request(RequestDraft),
    Record(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeLevel {
    Info,
    Warning,
    Error,
}

impl NoticeLevel {
    pub fn name(self) -> &'static str {
        match self {
            NoticeLevel::Info => "info",
            NoticeLevel::Warning => "warning",
            NoticeLevel::Error => "error",
        }
    }
}

/// A message at the top of the screen (a corrupted store, a damaged share link, a failed import, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub id: u64,
    pub level: NoticeLevel,
    pub text: String,
}

/// One command typed in an instance terminal and what it printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TerminalEntry {
    pub command: String,
    pub result: engine::CommandResult,
}

/// The terminal of one instance: its shell (environment variables) and transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TerminalSession {
    pub shell: account::terminal::Shell,
    pub entries: Vec<TerminalEntry>,
}

/// A point to return to with undo.
#[derive(Debug, Clone)]
struct Snapshot {
    account: Rc<Account>,
    drafts: BTreeMap<PolicyRef, String>,
}

/// Where the editor should put the selection next (set by "jump to finding" and explanation links).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorFocus {
    pub policy: PolicyRef,
    pub start: usize,
    pub end: usize,
    /// Bumped on every request so that jumping twice to the same place still moves the caret.
    pub serial: u64,
}

/// Everything the playground shows.
#[derive(Debug, Clone)]
pub struct AppState {
    pub account: Rc<Account>,
    /// Editor text of policies whose text differs from what the account holds (not yet valid).
    pub drafts: BTreeMap<PolicyRef, String>,
    pub selected_policy: Option<PolicyRef>,
    pub matrix: Rc<Result<Matrix, String>>,
    /// The account explorer's sections. A policy text edit cannot change them (they list entities and their
    /// policies, never policy text), so typing keeps them and only other changes of the account rebuild them.
    pub explorer: Rc<Vec<ExplorerSection>>,
    /// The CloudTrail records as the audit log shows them. A policy text edit is not an API call and logs
    /// nothing, so typing keeps them and only other changes of the account rebuild them (like `explorer`).
    pub audit: Rc<Result<Vec<engine::AuditRow>, String>>,
    /// Cells whose decision changed with the last change of the account: ascending flat indexes into the
    /// matrix's cells.
    pub changed_cells: Rc<Vec<usize>>,
    pub subject: Option<Subject>,
    pub explanation: Option<Rc<Result<ExplanationView, String>>>,
    pub editor_focus: Option<EditorFocus>,
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    /// The policy of the last edit, so that typing in one policy makes one undo step.
    last_edited: Option<PolicyRef>,
    pub notices: Vec<Notice>,
    next_notice: u64,
    pub terminals: Rc<BTreeMap<String, TerminalSession>>,
    /// Bumped on every change that must be saved.
    pub revision: u64,
    pub readonly: bool,
    /// Set while typing in a policy that can change any cell of a large account: the matrix and explanation
    /// are recomputed once typing pauses
    /// (the app's effect dispatches [`Action::RefreshMatrix`] with this serial).
    pub matrix_pending: Option<u64>,
    /// Whether big matrices are recomputed after a pause in typing rather than on every keystroke.
    pub defer_big_matrices: bool,
    /// Whether the IAM metadata catalogue is installed (fetched after the first render, see
    /// [`crate::catalogue`]): until then the validator skips the checks that need it. The editor's findings are
    /// memoised on it, so that installing the catalogue validates the open policy again.
    pub catalogue: bool,
    /// The simulator module, which makes every change that goes through the account's services (see
    /// [`crate::simulator`]): loaded after the first render.
    pub simulator: Simulator,
}

/// Where the simulator module is.
#[derive(Debug, Clone, PartialEq)]
pub enum Simulator {
    /// Being loaded; the actions that need it wait here, in order, and run when it is there.
    Loading(Vec<Action>),
    Ready,
    /// It could not be loaded: the actions that need it are refused with a notice.
    Failed,
}

impl PartialEq for AppState {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.account, &other.account)
            && self.revision == other.revision
            && self.drafts == other.drafts
            && self.selected_policy == other.selected_policy
            && self.subject == other.subject
            && self.notices == other.notices
            && self.editor_focus == other.editor_focus
            && Rc::ptr_eq(&self.terminals, &other.terminals)
            && Rc::ptr_eq(&self.matrix, &other.matrix)
            && Rc::ptr_eq(&self.explorer, &other.explorer)
            && Rc::ptr_eq(&self.audit, &other.audit)
            && self.matrix_pending == other.matrix_pending
            && self.catalogue == other.catalogue
            && self.simulator == other.simulator
    }
}

/// What a person can do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Type in the editor: the text is kept as a draft, and applied to the account when it parses.
    EditPolicy {
        policy: PolicyRef,
        text: String,
    },
    SelectPolicy(PolicyRef),
    FormatPolicy(PolicyRef),
    /// Put the editor's caret on a range of a policy's text.
    FocusEditor {
        policy: PolicyRef,
        start: usize,
        end: usize,
    },
    Explain(Subject),
    CloseExplanation,
    Undo,
    Redo,
    LoadScenario(String),
    Import {
        file_name: String,
        text: String,
    },
    Restore(Saved),
    AddEntity {
        kind: EntityKind,
        name: String,
    },
    RenameEntity {
        kind: EntityKind,
        id: String,
        new_name: String,
    },
    DeleteEntity {
        kind: EntityKind,
        id: String,
    },
    Advance {
        seconds: u64,
    },
    RunCommand {
        instance: String,
        line: String,
    },
    ClearTerminal {
        instance: String,
    },
    Notify {
        level: NoticeLevel,
        text: String,
    },
    /// Typing paused: recompute the deferred matrix if `serial` is still the pending one.
    RefreshMatrix(u64),
    DismissNotice(u64),
    /// The IAM metadata catalogue was fetched and installed (`Ok`), or could not be (`Err`: why).
    CatalogueLoaded(Result<(), String>),
    /// The simulator module was loaded (`Ok`), or could not be (`Err`: why). Only the browser loads it (natively
    /// it is always there).
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    SimulatorLoaded(Result<(), String>),
    /// Add an entity with the add form's second field (the role of an instance profile, the profile of an
    /// instance, the role of a session).
    AddEntityIn {
        kind: EntityKind,
        name: String,
        parent: Option<String>,
    },
}

impl Action {
    /// Whether the action changes the account through its services, which the simulator module runs.
    fn needs_simulator(&self) -> bool {
        matches!(
            self,
            Action::AddEntity { .. }
                | Action::AddEntityIn { .. }
                | Action::RenameEntity { .. }
                | Action::DeleteEntity { .. }
                | Action::Advance { .. }
                | Action::RunCommand { .. }
        )
    }
}

impl AppState {
    /// A state over `account`, with the matrix computed and nothing selected.
    pub fn new(account: Account, readonly: bool) -> AppState {
        let matrix = Rc::new(engine::matrix(&account));
        let selected_policy = engine::first_policy(&account);
        let explorer = Rc::new(engine::explorer(&account).unwrap_or_default());
        let audit = Rc::new(engine::audit(&account));
        AppState {
            account: Rc::new(account),
            drafts: BTreeMap::new(),
            selected_policy,
            matrix,
            explorer,
            audit,
            changed_cells: Rc::default(),
            subject: None,
            explanation: None,
            editor_focus: None,
            undo: Vec::new(),
            redo: Vec::new(),
            last_edited: None,
            notices: Vec::new(),
            next_notice: 1,
            terminals: Rc::default(),
            revision: 0,
            readonly,
            matrix_pending: None,
            defer_big_matrices: true,
            catalogue: policy::metadata::is_available(),
            simulator: if crate::simulator::is_loaded() {
                Simulator::Ready
            } else {
                Simulator::Loading(Vec::new())
            },
        }
    }

    /// A state restored from a saved document; falls back to the default scenario with a notice.
    pub fn restored(saved: Saved, readonly: bool) -> Result<AppState, String> {
        let account = engine::import_scenario(&saved.scenario.to_string())?;
        let mut state = AppState::new(account, readonly);
        state.drafts = saved
            .drafts
            .iter()
            .filter_map(|(key, text)| Some((PolicyRef::from_key(key)?, text.clone())))
            .collect();
        if let Some(selected) = saved.selected.as_deref().and_then(PolicyRef::from_key) {
            state.selected_policy = Some(selected);
        }
        Ok(state)
    }

    /// What is saved for this state. `None` while the account cannot be exported.
    pub fn saved(&self) -> Option<Saved> {
        let scenario = engine::export_scenario(&self.account).ok()?;
        let scenario = serde_json::from_str(&scenario).ok()?;
        Some(Saved {
            scenario,
            drafts: self
                .drafts
                .iter()
                .map(|(policy, text)| (policy.key(), text.clone()))
                .collect(),
            selected: self.selected_policy.as_ref().map(PolicyRef::key),
        })
    }

    /// The text the editor shows for `policy`: the draft if there is one, else the account's text.
    pub fn policy_text(&self, policy: &PolicyRef) -> Option<String> {
        self.drafts
            .get(policy)
            .cloned()
            .or_else(|| engine::policy_text(&self.account, policy))
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    pub fn with_notice(mut self, level: NoticeLevel, text: impl Into<String>) -> AppState {
        self.notices.push(Notice {
            id: self.next_notice,
            level,
            text: text.into(),
        });
        self.next_notice += 1;
        self
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            account: Rc::clone(&self.account),
            drafts: self.drafts.clone(),
        }
    }

    /// Installs a new account: recomputes the matrix, the changed cells and the explanation.
    fn set_account(&mut self, account: Rc<Account>) {
        self.explorer = Rc::new(engine::explorer(&account).unwrap_or_default());
        self.audit = Rc::new(engine::audit(&account));
        self.account = account;
        self.refresh_matrix();
    }

    /// Recomputes the matrix, the changed cells and the explanation for the current account.
    fn refresh_matrix(&mut self) {
        let matrix = engine::matrix(&self.account);
        self.install_matrix(matrix);
    }

    fn install_matrix(&mut self, matrix: Result<Matrix, String>) {
        self.changed_cells = Rc::new(match (self.matrix.as_ref(), &matrix) {
            (Ok(before), Ok(after)) => after.changed_since(before),
            _ => Vec::new(),
        });
        self.matrix = Rc::new(matrix);
        self.matrix_pending = None;
        self.refresh_explanation();
    }

    /// Installs an account whose only change is the text of `policy`: the matrix decides again only the
    /// cells that policy can change. An edit that can change every cell of a big account (SCP, RCP, endpoint
    /// policy) waits for a pause in typing instead.
    fn set_account_typing(&mut self, account: Rc<Account>, policy: &PolicyRef) {
        let scoped = matches!(
            policy.kind,
            PolicyKind::Identity
                | PolicyKind::Trust
                | PolicyKind::Boundary
                | PolicyKind::Resource
                | PolicyKind::Key
        );
        let big = self
            .matrix
            .as_ref()
            .as_ref()
            .is_ok_and(|matrix| matrix.cells.len() > BIG_MATRIX_CELLS);
        if self.matrix_pending.is_none() && scoped {
            self.account = account;
            let matrix = match self.matrix.as_ref() {
                Ok(previous) => engine::refresh_matrix(previous, &self.account, policy),
                Err(_) => engine::matrix(&self.account),
            };
            self.install_matrix(matrix);
        } else if self.defer_big_matrices && (big || self.matrix_pending.is_some()) {
            self.account = account;
            self.matrix_pending = Some(self.revision + 1);
        } else {
            self.set_account(account);
        }
    }

    fn refresh_explanation(&mut self) {
        self.explanation = self.subject.as_ref().map(|subject| {
            Rc::new(match subject {
                Subject::Cell(cell) => engine::explain_cell(&self.account, cell),
                Subject::Request(request) => engine::explain_request(&self.account, request),
                Subject::Record(index) => engine::explain_record(&self.account, *index),
            })
        });
    }

    /// Records an undo step (unless `coalesce` continues the last one) and clears redo.
    fn push_undo(&mut self, coalesce: bool) {
        if !coalesce {
            self.undo.push(self.snapshot());
            if self.undo.len() > UNDO_LIMIT {
                self.undo.remove(0);
            }
        }
        self.redo.clear();
    }

    /// Applies a change of the account made by `change`, with an undo step.
    fn change_account(
        mut self,
        change: impl FnOnce(&mut Account) -> Result<(), String>,
        failure: &str,
    ) -> AppState {
        let mut account = (*self.account).clone();
        let result = change(&mut account);
        // A refused API call is still an API call: AWS logs it in CloudTrail, so a failure that left records
        // behind keeps them (and whatever the calls before it changed, as in AWS); one that made no call
        // leaves the account as it was.
        let logged = account.trail().len() > self.account.trail().len();
        if result.is_ok() || logged {
            self.push_undo(false);
            self.last_edited = None;
            self.set_account(Rc::new(account));
            self.revision += 1;
        }
        match result {
            Ok(()) => self,
            Err(error) => self.with_notice(NoticeLevel::Error, format!("{failure}: {error}")),
        }
    }

    fn edit_policy(mut self, policy: PolicyRef, text: String) -> AppState {
        if self.readonly {
            return self;
        }
        if self.policy_text(&policy).as_deref() == Some(text.as_str()) {
            return self;
        }
        let coalesce = self.last_edited.as_ref() == Some(&policy);
        self.push_undo(coalesce);
        self.last_edited = Some(policy.clone());
        if engine::parses(&text, policy.kind) {
            let mut account = (*self.account).clone();
            match engine::set_policy_text(&mut account, &policy, &text) {
                Ok(()) => {
                    self.drafts.remove(&policy);
                    self.set_account_typing(Rc::new(account), &policy);
                }
                Err(_) => {
                    self.drafts.insert(policy, text);
                }
            }
        } else {
            self.drafts.insert(policy, text);
        }
        self.revision += 1;
        self
    }

    fn restore_snapshot(&mut self, snapshot: Snapshot) {
        self.drafts = snapshot.drafts;
        self.last_edited = None;
        self.set_account(snapshot.account);
        self.revision += 1;
    }

    fn replace_with(self, mut next: AppState, notice: Option<(NoticeLevel, String)>) -> AppState {
        next.undo = self.undo;
        next.undo.push(Snapshot {
            account: self.account,
            drafts: self.drafts,
        });
        next.notices = self.notices;
        next.next_notice = self.next_notice;
        next.revision = self.revision + 1;
        next.readonly = self.readonly;
        next.defer_big_matrices = self.defer_big_matrices;
        // The module stays where it is; changes waiting for it were meant for the account being replaced.
        next.simulator = match self.simulator {
            Simulator::Loading(_) => Simulator::Loading(Vec::new()),
            other => other,
        };
        match notice {
            Some((level, text)) => next.with_notice(level, text),
            None => next,
        }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut state = (*self).clone();
        if action.needs_simulator() {
            match &mut state.simulator {
                Simulator::Loading(waiting) => {
                    waiting.push(action);
                    return Rc::new(state);
                }
                Simulator::Failed => {
                    return Rc::new(state.with_notice(
                        NoticeLevel::Error,
                        "The simulator could not be loaded: the terminal, the clock and changes in the explorer are \
                         unavailable. Reload the page to try again."
                            .to_owned(),
                    ))
                }
                Simulator::Ready => {}
            }
        }
        let next = match action {
            Action::EditPolicy { policy, text } => state.edit_policy(policy, text),
            Action::SelectPolicy(policy) => {
                state.selected_policy = Some(policy);
                state.last_edited = None;
                state.revision += 1;
                state
            }
            Action::FormatPolicy(policy) => match state.policy_text(&policy) {
                Some(text) => match engine::format(&text, policy.kind) {
                    Some(formatted) => state.edit_policy(policy, formatted),
                    None => state.with_notice(
                        NoticeLevel::Warning,
                        "Format needs a policy that parses: fix the errors first (your text is unchanged)",
                    ),
                },
                None => state,
            },
            Action::FocusEditor { policy, start, end } => {
                let serial = state.editor_focus.as_ref().map_or(1, |focus| focus.serial + 1);
                state.selected_policy = Some(policy.clone());
                state.editor_focus = Some(EditorFocus {
                    policy,
                    start,
                    end,
                    serial,
                });
                state
            }
            Action::Explain(subject) => {
                state.subject = Some(subject);
                state.refresh_explanation();
                state
            }
            Action::CloseExplanation => {
                state.subject = None;
                state.explanation = None;
                state
            }
            Action::Undo => match state.undo.pop() {
                Some(snapshot) => {
                    state.redo.push(state.snapshot());
                    state.restore_snapshot(snapshot);
                    state
                }
                None => state,
            },
            Action::Redo => match state.redo.pop() {
                Some(snapshot) => {
                    state.undo.push(state.snapshot());
                    state.restore_snapshot(snapshot);
                    state
                }
                None => state,
            },
            Action::LoadScenario(name) => match engine::load_scenario(&name) {
                Ok(account) => {
                    let next = AppState::new(account, state.readonly);
                    state.replace_with(
                        next,
                        Some((NoticeLevel::Info, format!("Opened the `{name}` scenario"))),
                    )
                }
                Err(error) => {
                    state.with_notice(NoticeLevel::Error, format!("Could not open `{name}`: {error}"))
                }
            },
            Action::Import { file_name, text } => match engine::import_scenario(&text) {
                Ok(account) => {
                    let next = AppState::new(account, state.readonly);
                    state.replace_with(next, Some((NoticeLevel::Info, format!("Imported `{file_name}`"))))
                }
                Err(error) => state.with_notice(
                    NoticeLevel::Error,
                    format!("Could not import `{file_name}`: {error}"),
                ),
            },
            Action::Restore(saved) => match AppState::restored(saved, state.readonly) {
                Ok(next) => state.replace_with(next, None),
                Err(error) => state.with_notice(
                    NoticeLevel::Error,
                    format!("Could not restore the state: {error}"),
                ),
            },
            Action::AddEntity { kind, name } => state.change_account(
                |account| engine::add_entity(account, kind, &name),
                "Could not add",
            ),
            Action::RenameEntity { kind, id, new_name } => state.change_account(
                |account| engine::rename_entity(account, kind, &id, &new_name),
                "Could not rename",
            ),
            Action::DeleteEntity { kind, id } => state.change_account(
                |account| engine::delete_entity(account, kind, &id),
                "Could not delete",
            ),
            Action::Advance { seconds } => state.change_account(
                |account| engine::advance(account, seconds),
                "Could not advance the clock",
            ),
            Action::RunCommand { instance, line } => {
                let mut account = (*state.account).clone();
                let mut terminals = (*state.terminals).clone();
                let session = terminals
                    .entry(instance.clone())
                    .or_insert_with(|| TerminalSession {
                        shell: engine::new_shell(&instance),
                        entries: Vec::new(),
                    });
                let result = engine::run_command(&mut account, &mut session.shell, &line);
                session.entries.push(TerminalEntry {
                    command: line,
                    result,
                });
                state.terminals = Rc::new(terminals);
                state.last_edited = None;
                state.set_account(Rc::new(account));
                state.revision += 1;
                state
            }
            Action::ClearTerminal { instance } => {
                let mut terminals = (*state.terminals).clone();
                terminals.remove(&instance);
                state.terminals = Rc::new(terminals);
                state
            }
            Action::Notify { level, text } => state.with_notice(level, text),
            Action::RefreshMatrix(serial) => {
                if state.matrix_pending == Some(serial) {
                    state.refresh_matrix();
                }
                state
            }
            // The matrix does not depend on the catalogue (evaluation never reads it): only findings change.
            Action::CatalogueLoaded(Ok(())) => {
                state.catalogue = policy::metadata::is_available();
                state
            }
            Action::CatalogueLoaded(Err(error)) => state.with_notice(
                NoticeLevel::Warning,
                format!(
                    "The IAM catalogue could not be loaded ({error}): policies are checked without it (no unknown \
                     action, resource type or condition key is reported)."
                ),
            ),
            Action::SimulatorLoaded(Ok(())) => {
                let waiting = match std::mem::replace(&mut state.simulator, Simulator::Ready) {
                    Simulator::Loading(waiting) => waiting,
                    Simulator::Ready | Simulator::Failed => Vec::new(),
                };
                return waiting.into_iter().fold(Rc::new(state), Reducible::reduce);
            }
            Action::SimulatorLoaded(Err(error)) => {
                let dropped = match std::mem::replace(&mut state.simulator, Simulator::Failed) {
                    Simulator::Loading(waiting) => waiting.len(),
                    Simulator::Ready | Simulator::Failed => 0,
                };
                let dropped = match dropped {
                    0 => String::new(),
                    1 => " One change that waited for it was not made.".to_owned(),
                    count => format!(" {count} changes that waited for it were not made."),
                };
                state.with_notice(
                    NoticeLevel::Error,
                    format!(
                        "The simulator could not be loaded ({error}): the terminal, the clock and changes in the \
                         explorer are unavailable. Reload the page to try again.{dropped}"
                    ),
                )
            }
            Action::DismissNotice(id) => {
                state.notices.retain(|notice| notice.id != id);
                state
            }
            Action::AddEntityIn { kind, name, parent } => state.change_account(
                |account| engine::add_entity_in(account, kind, &name, parent.as_deref()),
                "Could not add",
            ),
        };
        Rc::new(next)
    }
}

/// The playground's state and dispatcher, which the app passes to its panels.
pub type PlaygroundContext = UseReducerHandle<AppState>;

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(state: Rc<AppState>, policy: &PolicyRef, text: &str) -> Rc<AppState> {
        state.reduce(Action::EditPolicy {
            policy: policy.clone(),
            text: text.to_owned(),
        })
    }

    #[test]
    fn typing_in_a_role_policy_of_a_big_account_refreshes_its_row_at_once_like_a_full_recompute() {
        let account = engine::load_scenario("large").unwrap();
        let state = Rc::new(AppState::new(account, false));
        let policy = state.selected_policy.clone().unwrap();
        let before = state.matrix.as_ref().clone().unwrap();
        let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:DescribeSecret", "Resource": "*"}]}"#;
        let state = edit(state, &policy, text);
        assert_eq!(state.matrix_pending, None);
        let after = state.matrix.as_ref().clone().unwrap();
        assert_eq!(after, engine::matrix(&state.account).unwrap());
        let expected: Vec<usize> = (0..after.cells.len())
            .filter(|index| after.cells.get(*index) != before.cells.get(*index))
            .collect();
        assert!(!expected.is_empty());
        assert_eq!(*state.changed_cells, expected);
        // The next edit that changes nothing clears the marks.
        let audit = Rc::clone(&state.audit);
        let state = edit(state, &policy, &format!("{text} "));
        assert!(state.changed_cells.is_empty());
        // Typing logs nothing: the audit rows are kept, and still those of the account.
        assert!(Rc::ptr_eq(&state.audit, &audit));
        assert_eq!(*state.audit, engine::audit(&state.account));
    }

    #[test]
    fn a_refused_explorer_call_is_logged_as_aws_logs_it_and_a_call_never_made_changes_nothing() {
        let state = Rc::new(AppState::new(engine::load_scenario("canonical").unwrap(), false));
        let records = state.account.trail().len();
        let add = |state: Rc<AppState>| {
            state.reduce(Action::AddEntity {
                kind: EntityKind::Secret,
                name: "prod/cart-service/credentials".to_owned(),
            })
        };
        let refused = add(Rc::clone(&state));
        let last = refused.account.trail().last().unwrap();
        assert_eq!(refused.account.trail().len(), records + 1);
        assert_eq!(last.event_name, "CreateSecret");
        assert_eq!(last.error_code.as_deref(), Some("ResourceExistsException"));
        assert_eq!(*refused.audit, engine::audit(&refused.account));
        assert!(refused
            .notices
            .last()
            .unwrap()
            .text
            .contains("ResourceExistsException"));
        // An empty name is refused before any call: nothing changes, not even the undo history.
        let untouched = state.clone().reduce(Action::AddEntity {
            kind: EntityKind::Role,
            name: String::new(),
        });
        assert!(Rc::ptr_eq(&untouched.account, &state.account));
    }

    #[test]
    fn actions_that_need_the_simulator_wait_for_it_and_run_in_order() {
        let mut loading = AppState::new(engine::load_scenario("canonical").unwrap(), false);
        loading.simulator = Simulator::Loading(Vec::new());
        let state = Rc::new(loading)
            .reduce(Action::RunCommand {
                instance: "i-0c4a7e1b9d2f36a58".to_owned(),
                line: "export AWS_DEFAULT_OUTPUT=text".to_owned(),
            })
            .reduce(Action::Advance { seconds: 3600 });
        // Nothing ran yet; a policy edit, which needs no simulator, still does.
        assert!(state.terminals.is_empty());
        assert!(matches!(&state.simulator, Simulator::Loading(waiting) if waiting.len() == 2));
        let before = state.account.now();
        let loaded = state.reduce(Action::SimulatorLoaded(Ok(())));
        assert_eq!(loaded.simulator, Simulator::Ready);
        assert_eq!(loaded.account.now(), before.plus(3600));
        let terminal = loaded.terminals.values().next().unwrap();
        assert_eq!(terminal.entries.len(), 1);
        assert_eq!(
            terminal
                .shell
                .environment
                .get("AWS_DEFAULT_OUTPUT")
                .map(String::as_str),
            Some("text")
        );
    }

    #[test]
    fn a_simulator_that_could_not_be_loaded_drops_the_waiting_actions_with_a_notice() {
        let mut loading = AppState::new(engine::load_scenario("canonical").unwrap(), false);
        loading.simulator = Simulator::Loading(Vec::new());
        let state = Rc::new(loading).reduce(Action::Advance { seconds: 60 });
        let failed = Rc::clone(&state).reduce(Action::SimulatorLoaded(Err("HTTP 404 Not Found".to_owned())));
        assert_eq!(failed.simulator, Simulator::Failed);
        assert!(Rc::ptr_eq(&failed.account, &state.account));
        let notice = failed.notices.last().unwrap();
        assert_eq!(notice.level, NoticeLevel::Error);
        assert!(
            notice.text.contains("HTTP 404 Not Found") && notice.text.contains("One change"),
            "{}",
            notice.text
        );
        let refused = failed.reduce(Action::Advance { seconds: 60 });
        assert!(Rc::ptr_eq(&refused.account, &state.account));
        assert_eq!(refused.notices.len(), 2);
    }

    #[test]
    fn opening_another_scenario_keeps_where_the_simulator_is() {
        let mut failed = AppState::new(engine::load_scenario("canonical").unwrap(), false);
        failed.simulator = Simulator::Failed;
        let opened = Rc::new(failed).reduce(Action::LoadScenario("no-trust".to_owned()));
        assert_eq!(opened.simulator, Simulator::Failed);

        let mut loading = AppState::new(engine::load_scenario("canonical").unwrap(), false);
        loading.simulator = Simulator::Loading(vec![Action::Advance { seconds: 60 }]);
        let opened = Rc::new(loading).reduce(Action::LoadScenario("no-trust".to_owned()));
        assert_eq!(opened.simulator, Simulator::Loading(Vec::new()));
    }

    #[test]
    fn a_catalogue_that_could_not_be_loaded_is_a_notice_and_changes_nothing_else() {
        let state = Rc::new(AppState::new(engine::load_scenario("canonical").unwrap(), false));
        // Whether policy's `bundled-metadata` is on depends on what else is built (`cargo test --workspace` turns
        // it on); either way the state says what the metadata says.
        assert_eq!(state.catalogue, policy::metadata::is_available());
        let failed = Rc::clone(&state).reduce(Action::CatalogueLoaded(Err("HTTP 404 Not Found".to_owned())));
        let notice = failed.notices.last().unwrap();
        assert_eq!(notice.level, NoticeLevel::Warning);
        assert!(notice.text.contains("HTTP 404 Not Found"), "{}", notice.text);
        assert!(Rc::ptr_eq(&failed.account, &state.account) && Rc::ptr_eq(&failed.matrix, &state.matrix));
        let loaded = state.reduce(Action::CatalogueLoaded(Ok(())));
        assert_eq!(loaded.catalogue, policy::metadata::is_available());
        assert!(loaded.notices.is_empty());
    }
}
