//! `Glossary`: an opened artifact and its lookups.

use wasm_bindgen::prelude::*;

use crate::convert;
use crate::error::into_error;

/// An opened glossary artifact. Call `free()` to release its memory early.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Glossary {
    inner: crosscut::Glossary,
}

impl From<crosscut::Glossary> for Glossary {
    fn from(inner: crosscut::Glossary) -> Glossary {
        Glossary { inner }
    }
}

impl Glossary {
    /// The core glossary.
    pub(crate) fn inner(&self) -> &crosscut::Glossary {
        &self.inner
    }
}

#[wasm_bindgen]
impl Glossary {
    /// Looks a term up; returns the hits, best first.
    #[wasm_bindgen(js_name = lookup, unchecked_return_type = "Hit[]")]
    pub fn lookup(
        &self,
        term: &str,
        #[wasm_bindgen(unchecked_param_type = "LookupOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let options = convert::lookup_options(options).map_err(into_error)?;
        let hits = self.inner.lookup(term, &options).map_err(into_error)?;
        convert::to_js(&hits).map_err(into_error)
    }

    /// Counts, languages and settings of the glossary.
    #[wasm_bindgen(js_name = info, unchecked_return_type = "Info")]
    pub fn info(&self) -> Result<JsValue, JsValue> {
        convert::to_js(self.inner.info()).map_err(into_error)
    }
}
