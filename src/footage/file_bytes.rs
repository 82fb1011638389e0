use js_sys::Uint8Array;
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

/// The bytes `offset .. offset + len` of a file (fewer at its end), read without the
/// rest of it: `Blob.slice` then `arrayBuffer()`.
pub async fn read_slice(blob: &Blob, offset: u64, len: u64) -> Result<Vec<u8>, String> {
    let end = (offset + len).min(blob.size() as u64);
    if offset >= end {
        return Ok(Vec::new());
    }
    let part = blob.slice_with_f64_and_f64(offset as f64, end as f64).map_err(|e| format!("{e:?}"))?;
    let buffer = JsFuture::from(part.array_buffer()).await.map_err(|e| format!("{e:?}"))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}
