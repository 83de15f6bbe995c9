//! `Artifact.tmSearch` and `Artifact.tmConcordance`: the translation memory.

use wasm_bindgen::prelude::*;

use crate::artifact::Artifact;
use crate::convert;
use crate::error::into_error;

#[wasm_bindgen]
impl Artifact {
    /// Fuzzy search: the units whose source resembles `text`, best first,
    /// each with its translation into `options.tgt`.
    #[wasm_bindgen(js_name = tmSearch, unchecked_return_type = "TmMatch[]")]
    pub fn tm_search(
        &self,
        text: &str,
        #[wasm_bindgen(unchecked_param_type = "TmSearchOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let options = convert::search_options(options).map_err(into_error)?;
        let found = self.memory()?.search(text, &options).map_err(into_error)?;
        Ok(convert::tm_matches(&found))
    }

    /// Concordance: the segments in `options.lang` that contain `phrase`, with
    /// the phrase highlighted (UTF-16 offsets into `text`).
    #[wasm_bindgen(js_name = tmConcordance, unchecked_return_type = "ConcordanceHit[]")]
    pub fn tm_concordance(
        &self,
        phrase: &str,
        #[wasm_bindgen(unchecked_param_type = "TmConcordanceOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let options = convert::concordance_options(options).map_err(into_error)?;
        let found = self.memory()?.concordance(phrase, &options).map_err(into_error)?;
        Ok(convert::concordance_hits(&found))
    }
}
