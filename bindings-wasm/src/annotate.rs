//! `Artifact.annotate`: term recognition, with offsets in UTF-16 code units;
//! `findTerms`: the same matches as spans and indices, concepts on demand.

use wasm_bindgen::prelude::*;

use crate::artifact::Artifact;
use crate::convert;
use crate::error::into_error;

#[wasm_bindgen]
impl Artifact {
    /// Finds the glossary's terms in `text`; `text.slice(m.start, m.end)` is each match.
    #[wasm_bindgen(js_name = annotate, unchecked_return_type = "Annotation[]")]
    pub fn annotate(
        &self,
        text: &str,
        #[wasm_bindgen(unchecked_optional_param_type = "AnnotateOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let options = convert::annotate_options(options.unwrap_or(JsValue::UNDEFINED)).map_err(into_error)?;
        let found = self.glossary()?.annotate(text, &options).map_err(into_error)?;
        Ok(convert::annotations(&found))
    }

    /// Annotates many texts (the lines of a subtitle file) with the same
    /// options, in one call across the JS/wasm boundary.
    #[wasm_bindgen(js_name = annotateBatch, unchecked_return_type = "Annotation[][]")]
    pub fn annotate_batch(
        &self,
        texts: Vec<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "AnnotateOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let options = convert::annotate_options(options.unwrap_or(JsValue::UNDEFINED)).map_err(into_error)?;
        let found = self.glossary()?.annotate_batch(&texts, &options).map_err(into_error)?;
        Ok(convert::annotation_lines(&found))
    }

    /// The matches of `annotate` (same options but `to`) as spans with the
    /// concept's and the term's index, without converting concepts: for
    /// highlighting as the user types; `concept(index)` gives the details.
    #[wasm_bindgen(js_name = findTerms, unchecked_return_type = "TermSpan[]")]
    pub fn find_terms(
        &self,
        text: &str,
        #[wasm_bindgen(unchecked_optional_param_type = "AnnotateOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let options = convert::annotate_options(options.unwrap_or(JsValue::UNDEFINED)).map_err(into_error)?;
        let found = self.glossary()?.find_terms(text, &options).map_err(into_error)?;
        Ok(convert::term_spans(&found))
    }

    /// `findTerms` for many texts, with the same options.
    #[wasm_bindgen(js_name = findTermsBatch, unchecked_return_type = "TermSpan[][]")]
    pub fn find_terms_batch(
        &self,
        texts: Vec<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "AnnotateOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let options = convert::annotate_options(options.unwrap_or(JsValue::UNDEFINED)).map_err(into_error)?;
        let found = self.glossary()?.find_terms_batch(&texts, &options).map_err(into_error)?;
        Ok(convert::term_span_lines(&found))
    }

    /// The concept at `index` (`TermSpan.concept`); a `QueryError` past the end.
    #[wasm_bindgen(js_name = concept, unchecked_return_type = "Concept")]
    pub fn concept(&self, index: u32) -> Result<JsValue, JsValue> {
        let concept = self.glossary()?.concept(index).map_err(into_error)?;
        Ok(convert::concept(&concept))
    }
}
