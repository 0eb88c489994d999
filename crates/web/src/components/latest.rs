//! The playground as last rendered, for the inner halves of memoised panels. A panel is split in two: an
//! outer function of the state that the app calls on every render and that passes only what it shows as
//! props, and an inner one that yew renders again only when those props change. Event handlers, and parts
//! computed only on demand (an expanded record's JSON, tab completion, an export), still need the whole
//! state: they read it through a [`Latest`], which always compares equal and so never makes a render.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::state::PlaygroundContext;

/// A handle on the playground as the app last rendered it.
#[derive(Debug, Clone)]
pub struct Latest(Rc<RefCell<Option<PlaygroundContext>>>);

impl PartialEq for Latest {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Latest {
    /// The playground as last rendered (`None` outside the app's provider).
    pub fn get(&self) -> Option<PlaygroundContext> {
        self.0.borrow().clone()
    }
}

/// Keeps `playground` in the returned handle, which is the same (and equal) on every render.
#[hook]
pub fn use_latest(playground: Option<&PlaygroundContext>) -> Latest {
    let cell = use_mut_ref(|| None::<PlaygroundContext>);
    *cell.borrow_mut() = playground.cloned();
    Latest(cell)
}
