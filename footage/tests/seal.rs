//! age encryption to an agency's key, piece by piece, the ciphertext's size known in
//! advance, the passphrase-protected key file, and decryption as a stream.

use futures_util::io::AsyncReadExt;
use porchlight_footage::seal::{
    max_ciphertext_size, open, open_stream, seal, AgencyKeyPair, FileHash, SealError, Sealer,
    MAX_HEADER_BYTES,
};

fn sealed_in_pieces(public_key: &str, plain: &[u8], piece: usize) -> (Vec<u8>, u64) {
    let mut sealer = Sealer::new(public_key).unwrap();
    let size = sealer.ciphertext_size(plain.len() as u64);
    let mut out = Vec::new();
    for part in plain.chunks(piece.max(1)) {
        out.extend(sealer.push(part));
    }
    out.extend(sealer.finish());
    (out, size)
}

#[test]
fn the_ciphertext_size_is_known_before_the_first_piece() {
    let key = AgencyKeyPair::generate();
    let chunk = 64 * 1024;
    for len in [0, 1, chunk - 1, chunk, chunk + 1, 3 * chunk, 3 * chunk + 17] {
        let plain: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
        for piece in [1000, chunk, 5 * chunk] {
            let (ciphertext, size) = sealed_in_pieces(&key.public_key(), &plain, piece);
            assert_eq!(ciphertext.len() as u64, size, "len {len} piece {piece}");
            assert_eq!(
                open(std::slice::from_ref(&key), &ciphertext).unwrap(),
                plain
            );
        }
    }
}

/// The header's length is random (age's grease stanza): over many sealers it never
/// passes the bound that files are screened with, and the exact size never passes the
/// most it can be.
#[test]
fn the_header_stays_under_its_bound() {
    let key = AgencyKeyPair::generate();
    let mut longest = 0;
    for _ in 0..2000 {
        let sealer = Sealer::new(&key.public_key()).unwrap();
        let header = sealer.ciphertext_size(0) - 16;
        longest = longest.max(header);
        for len in [0, 1, 64 * 1024, 10 << 20] {
            assert!(sealer.ciphertext_size(len) <= max_ciphertext_size(len));
        }
    }
    assert!(longest <= MAX_HEADER_BYTES, "a header of {longest} B");
    // Headers do vary, so the bound is tested against more than one length.
    assert!(longest > 150, "{longest}");
}

#[test]
fn pieces_come_out_as_they_go_in() {
    // Never more than a chunk held back: a large file is not buffered whole.
    let key = AgencyKeyPair::generate();
    let mut sealer = Sealer::new(&key.public_key()).unwrap();
    let mut out = 0;
    for _ in 0..64 {
        out += sealer.push(&[7u8; 100_000]).len();
    }
    assert!(
        out as u64 >= 64 * 100_000 - 64 * 1024,
        "only {out} bytes out"
    );
}

#[test]
fn only_the_agencys_key_opens_it() {
    let key = AgencyKeyPair::generate();
    let other = AgencyKeyPair::generate();
    let ciphertext = seal(&key.public_key(), b"porchlight marker 42").unwrap();
    assert!(!ciphertext.windows(6).any(|w| w == b"marker"));
    assert_eq!(
        open(std::slice::from_ref(&other), &ciphertext),
        Err(SealError::WrongKey)
    );
    // Older keys still open older responses: any of the keys given.
    assert_eq!(
        open(&[other, key], &ciphertext).unwrap(),
        b"porchlight marker 42"
    );
    assert_eq!(Sealer::new("age1nope").err(), Some(SealError::BadPublicKey));
}

#[test]
fn a_damaged_ciphertext_fails() {
    let key = AgencyKeyPair::generate();
    let mut ciphertext = seal(&key.public_key(), &[1u8; 1000]).unwrap();
    let last = ciphertext.len() - 20;
    ciphertext[last] ^= 1;
    assert_eq!(
        open(std::slice::from_ref(&key), &ciphertext),
        Err(SealError::Damaged)
    );
    let cut = &ciphertext[..ciphertext.len() / 2];
    assert!(open(std::slice::from_ref(&key), cut).is_err());
}

#[test]
fn the_key_file_opens_with_its_passphrase_only() {
    let key = AgencyKeyPair::generate();
    assert_eq!(
        key.key_file("short").err(),
        Some(SealError::PassphraseTooShort)
    );
    let file = key.key_file("correct horse battery staple").unwrap();
    assert!(file.starts_with("-----BEGIN AGE ENCRYPTED FILE-----"));
    assert!(!file.contains("AGE-SECRET-KEY"));
    let again =
        AgencyKeyPair::from_key_file(file.as_bytes(), "correct horse battery staple").unwrap();
    assert_eq!(again.public_key(), key.public_key());
    assert_eq!(
        AgencyKeyPair::from_key_file(file.as_bytes(), "wrong horse battery staple").err(),
        Some(SealError::WrongPassphrase)
    );
    assert_eq!(
        AgencyKeyPair::from_key_file(b"hello", "x").err(),
        Some(SealError::NotAKeyFile)
    );
    // A file encrypted to a key, not a passphrase, is not a key file.
    let other = seal(&key.public_key(), b"AGE-SECRET-KEY-1").unwrap();
    assert_eq!(
        AgencyKeyPair::from_key_file(&other, "x").err(),
        Some(SealError::NotAKeyFile)
    );
}

#[test]
fn a_stream_decrypts_as_it_arrives() {
    let key = AgencyKeyPair::generate();
    let plain: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 256) as u8).collect();
    let (ciphertext, _) = sealed_in_pieces(&key.public_key(), &plain, 70_000);
    futures_executor::block_on(async {
        let mut reader = open_stream(std::slice::from_ref(&key), ciphertext.as_slice())
            .await
            .unwrap();
        let mut out = Vec::new();
        let mut buf = vec![0u8; 10_000];
        loop {
            let n = reader.read(&mut buf).await.unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        assert_eq!(out, plain);
        let other = AgencyKeyPair::generate();
        assert_eq!(
            open_stream(&[other], ciphertext.as_slice()).await.err(),
            Some(SealError::WrongKey)
        );
    });
}

#[test]
fn file_hash_is_sha256_hex() {
    let mut hash = FileHash::default();
    hash.update(b"a");
    hash.update(b"bc");
    assert_eq!(
        hash.hex(),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}
