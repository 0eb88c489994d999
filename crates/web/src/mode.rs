//! How the page was opened: the query string's `embed`, `scenario`, `panels`, `readonly` and `bench`
//! parameters, read once at start-up. Unknown values are ignored, never fatal.

/// A panel of the playground screen. The names are the `panels=` values of embed links.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Panel {
    Explorer,
    Editor,
    Matrix,
    Explanation,
    Request,
    Terminal,
    Audit,
    Clock,
}

impl Panel {
    pub const ALL: [Panel; 8] = [
        Panel::Explorer,
        Panel::Editor,
        Panel::Matrix,
        Panel::Explanation,
        Panel::Request,
        Panel::Terminal,
        Panel::Audit,
        Panel::Clock,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Panel::Explorer => "explorer",
            Panel::Editor => "editor",
            Panel::Matrix => "matrix",
            Panel::Explanation => "explanation",
            Panel::Request => "request",
            Panel::Terminal => "terminal",
            Panel::Audit => "audit",
            Panel::Clock => "clock",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Panel::Explorer => "Account",
            Panel::Editor => "Policy editor",
            Panel::Matrix => "Access matrix",
            Panel::Explanation => "Explanation",
            Panel::Request => "Request builder",
            Panel::Terminal => "Instance terminal",
            Panel::Audit => "CloudTrail",
            Panel::Clock => "Clock",
        }
    }

    pub fn from_name(name: &str) -> Option<Panel> {
        Panel::ALL
            .into_iter()
            .find(|panel| panel.name().eq_ignore_ascii_case(name.trim()))
    }
}

/// The start-up parameters of the page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Mode {
    /// `embed=1`: no page chrome, height reported to the parent frame.
    pub embed: bool,
    /// `readonly=1`: policies can be read, not edited; nothing is saved.
    pub readonly: bool,
    /// `bench=1`: measure load and edit times into `data-testid="bench-results"`.
    pub bench: bool,
    /// `scenario=NAME`: open a built-in scenario instead of the saved state.
    pub scenario: Option<String>,
    /// `panels=a,b`: the panels to show (all when absent or when none of the names is known).
    pub panels: Option<Vec<Panel>>,
    /// `id=...`: the embed frame's id, echoed in its height messages.
    pub frame_id: Option<String>,
}

impl Mode {
    /// Reads the mode from a query string such as `?embed=1&panels=editor,matrix`.
    pub fn from_query(query: &str) -> Mode {
        let mut mode = Mode::default();
        for pair in query.trim_start_matches('?').split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = percent_decode(value);
            let flag = matches!(value.as_str(), "" | "1" | "true" | "yes");
            match key {
                "embed" => mode.embed = flag,
                "readonly" => mode.readonly = flag,
                "bench" => mode.bench = flag,
                "scenario" if !value.is_empty() => mode.scenario = Some(value),
                "id" if !value.is_empty() => mode.frame_id = Some(value),
                "panels" => {
                    let panels: Vec<Panel> = value.split(',').filter_map(Panel::from_name).collect();
                    if !panels.is_empty() {
                        mode.panels = Some(panels);
                    }
                }
                _ => {}
            }
        }
        mode
    }

    /// Reads the mode of the current page.
    pub fn from_location() -> Mode {
        let query = web_sys::window()
            .and_then(|window| window.location().search().ok())
            .unwrap_or_default();
        Mode::from_query(&query)
    }

    pub fn shows(&self, panel: Panel) -> bool {
        match &self.panels {
            Some(panels) => panels.contains(&panel),
            None => true,
        }
    }
}

/// Decodes `%XX` escapes and `+` as space; invalid escapes are kept as written.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        if byte == b'%' {
            let high = bytes.get(index + 1).and_then(|b| (*b as char).to_digit(16));
            let low = bytes.get(index + 2).and_then(|b| (*b as char).to_digit(16));
            if let (Some(high), Some(low)) = (high, low) {
                out.push((high * 16 + low) as u8);
                index += 3;
                continue;
            }
        }
        out.push(if byte == b'+' { b' ' } else { byte });
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_embed_links() {
        let mode = Mode::from_query("?embed=1&scenario=canonical&panels=editor,matrix,bogus&readonly=1");
        assert!(mode.embed && mode.readonly && !mode.bench);
        assert_eq!(mode.scenario.as_deref(), Some("canonical"));
        assert_eq!(mode.panels, Some(vec![Panel::Editor, Panel::Matrix]));
        assert!(!mode.shows(Panel::Terminal));
    }

    #[test]
    fn tolerates_garbage() {
        let mode = Mode::from_query("?panels=%ZZ&&=&scenario=a%2Fb");
        assert_eq!(mode.panels, None);
        assert_eq!(mode.scenario.as_deref(), Some("a/b"));
    }
}
