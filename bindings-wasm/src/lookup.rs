//! `Artifact.lookup`: term lookup in all its modes (exact, prefix, fuzzy, regex).

use wasm_bindgen::prelude::*;

use crate::artifact::Artifact;
use crate::convert;
use crate::error::into_error;

#[wasm_bindgen]
impl Artifact {
    /// Looks a term up; returns the hits, best first. `options` picks the mode
    /// (`fuzzy`, `prefix`, `regex`; exact by default), the language and the
    /// translations.
    #[wasm_bindgen(js_name = lookup, unchecked_return_type = "Hit[]")]
    pub fn lookup(
        &self,
        term: &str,
        #[wasm_bindgen(unchecked_optional_param_type = "LookupOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let options = convert::lookup_options(options.unwrap_or(JsValue::UNDEFINED)).map_err(into_error)?;
        let hits = self.glossary()?.lookup(term, &options).map_err(into_error)?;
        Ok(convert::hits(&hits))
    }
}
