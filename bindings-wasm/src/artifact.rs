//! `Artifact`: an opened artifact (a glossary, a translation memory, or a
//! bundle of both) and what it holds.

use wasm_bindgen::prelude::*;

use crate::convert;
use crate::error::into_error;

/// An opened artifact. It owns its copy of the bytes inside wasm memory until
/// `free()` (or `using`, or garbage collection) releases it.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Artifact {
    inner: crosscut::Artifact,
}

impl From<crosscut::Artifact> for Artifact {
    fn from(inner: crosscut::Artifact) -> Artifact {
        Artifact { inner }
    }
}

impl Artifact {
    /// The glossary, or `QueryError` for a translation memory alone.
    pub(crate) fn glossary(&self) -> Result<&crosscut::Glossary, JsValue> {
        self.inner.glossary().map_err(into_error)
    }

    /// The translation memory, or `QueryError` for a glossary alone.
    pub(crate) fn memory(&self) -> Result<&crosscut::Memory, JsValue> {
        self.inner.memory().map_err(into_error)
    }
}

#[wasm_bindgen]
impl Artifact {
    /// What the artifact holds: `"glossary"`, `"memory"` or `"bundle"`.
    #[wasm_bindgen(getter, js_name = kind, unchecked_return_type = "ArtifactKind")]
    pub fn kind(&self) -> String {
        convert::kind_name(self.inner.kind()).to_string()
    }

    /// Whether it holds a glossary (`lookup`, `annotate`).
    #[wasm_bindgen(getter, js_name = hasGlossary)]
    pub fn has_glossary(&self) -> bool {
        self.inner.glossary_opt().is_some()
    }

    /// Whether it holds a translation memory (`tmSearch`, `tmConcordance`).
    #[wasm_bindgen(getter, js_name = hasMemory)]
    pub fn has_memory(&self) -> bool {
        self.inner.memory_opt().is_some()
    }

    /// Counts, languages and settings: the glossary's, plus `memory` when the
    /// artifact holds a translation memory.
    #[wasm_bindgen(js_name = info, unchecked_return_type = "Info")]
    pub fn info(&self) -> Result<JsValue, JsValue> {
        let memory = self.inner.memory_opt().map(crosscut::Memory::info);
        let glossary = self.inner.glossary_opt().map(crosscut::Glossary::info);
        convert::info(self.inner.kind(), glossary, memory.as_ref()).map_err(into_error)
    }
}
