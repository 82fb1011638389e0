//! The public log's hashing and proofs against the RFC 6962 reference vectors, and every
//! kind of corrupted proof, checkpoint and entry refused.
//!
//! The vectors are the ones every CT implementation tests against: the 8-leaf tree of
//! Google's C++ reference (`certificate-transparency/cpp/merkletree`), as published in
//! `google/certificate-transparency-go` `merkle/merkle_test.go` and
//! `transparency-dev/merkle` `testonly/constants.go` ("Generated from
//! ReferenceSnapshotConsistency in C++ version").

use ed25519_dalek::{Signer, SigningKey};
use porchlight_domain::public_log::*;
use porchlight_domain::wire::*;

fn h(s: &str) -> LogHash {
    s.parse().unwrap()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

const LEAVES: [&str; 8] = [
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
];

/// Root hash of the tree of the first n leaves, n = 0..=8.
const ROOTS: [&str; 9] = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

/// (leaf index, tree size, audit path).
fn inclusion_vectors() -> Vec<(u64, u64, Vec<LogHash>)> {
    vec![
        (
            0,
            8,
            vec![
                h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
                h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
            ],
        ),
        (
            5,
            8,
            vec![
                h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
                h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
                h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
            ],
        ),
        (2, 3, vec![h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")]),
        (
            1,
            5,
            vec![
                h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
                h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
            ],
        ),
    ]
}

/// (old size, new size, proof).
fn consistency_vectors() -> Vec<(u64, u64, Vec<LogHash>)> {
    vec![
        (1, 1, vec![]),
        (
            1,
            8,
            vec![
                h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
                h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
            ],
        ),
        (
            6,
            8,
            vec![
                h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
                h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
                h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
            ],
        ),
        (
            2,
            5,
            vec![
                h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
            ],
        ),
    ]
}

fn leaves() -> Vec<LogHash> {
    LEAVES.iter().map(|l| leaf_hash(&unhex(l))).collect()
}

fn flip_bit(hash: &LogHash, bit: usize) -> LogHash {
    let mut bytes = hash.0;
    bytes[bit / 8] ^= 1 << (bit % 8);
    LogHash(bytes)
}

#[test]
fn roots_match_the_reference_for_every_size() {
    let leaves = leaves();
    for n in 0..=8 {
        assert_eq!(root_hash(&leaves[..n]), h(ROOTS[n]), "size {n}");
    }
}

#[test]
fn inclusion_vectors_are_generated_and_verified() {
    let leaves = leaves();
    for (index, size, path) in inclusion_vectors() {
        let tree = &leaves[..size as usize];
        assert_eq!(inclusion_proof(tree, index).unwrap(), path, "generate {index}/{size}");
        let root = h(ROOTS[size as usize]);
        assert_eq!(
            verify_inclusion(&leaves[index as usize], index, size, &path, &root),
            Ok(()),
            "{index}/{size}"
        );
    }
}

#[test]
fn consistency_vectors_are_generated_and_verified() {
    let leaves = leaves();
    for (old, new, proof) in consistency_vectors() {
        assert_eq!(
            consistency_proof(&leaves[..new as usize], old).unwrap(),
            proof,
            "generate {old}→{new}"
        );
        let (r1, r2) = (h(ROOTS[old as usize]), h(ROOTS[new as usize]));
        assert_eq!(verify_consistency(old, new, &r1, &r2, &proof), Ok(()), "{old}→{new}");
    }
}

/// Every way to corrupt an inclusion proof of the reference vectors fails.
#[test]
fn corrupted_inclusion_proofs_are_refused() {
    let leaves = leaves();
    for (index, size, path) in inclusion_vectors() {
        let leaf = leaves[index as usize];
        let root = h(ROOTS[size as usize]);
        let refused = |leaf: &LogHash, index: u64, size: u64, path: &[LogHash], root: &LogHash| {
            verify_inclusion(leaf, index, size, path, root).is_err()
        };
        let what = format!("{index}/{size}");
        assert!(refused(&leaf, index + 1, size, &path, &root), "index + 1 {what}");
        if index > 0 {
            assert!(refused(&leaf, index - 1, size, &path, &root), "index - 1 {what}");
        }
        assert!(refused(&leaf, index, size * 2, &path, &root), "size doubled {what}");
        assert!(refused(&leaf, index, size / 2, &path, &root), "size halved {what}");
        // Not `size ± 1`: for some leaves, sizes 7 and 8 (or 5 and 6) give the same path
        // shape, so the proof alone cannot tell them apart. That is why the size comes
        // from the signed checkpoint, never from the proof.
        for bit in [0, 7, 128, 255] {
            assert!(
                refused(&flip_bit(&leaf, bit), index, size, &path, &root),
                "leaf bit {bit} {what}"
            );
            assert!(
                refused(&leaf, index, size, &path, &flip_bit(&root, bit)),
                "root bit {bit} {what}"
            );
            for i in 0..path.len() {
                let mut bad = path.clone();
                bad[i] = flip_bit(&bad[i], bit);
                assert!(refused(&leaf, index, size, &bad, &root), "path[{i}] bit {bit} {what}");
            }
        }
        assert!(refused(&leaf, index, size, &path[..path.len() - 1], &root), "truncated {what}");
        let mut padded = path.clone();
        padded.push(leaf);
        assert!(refused(&leaf, index, size, &padded, &root), "padded at the end {what}");
        let mut front = vec![leaf];
        front.extend(path.iter().copied());
        assert!(refused(&leaf, index, size, &front, &root), "padded at the front {what}");
        assert!(refused(&leaf, index, size, &[], &root), "empty proof {what}");
        let other_root = h(ROOTS[(size as usize % 8) + 1]);
        assert!(refused(&leaf, index, size, &path, &other_root), "another tree's root {what}");
        if path.len() >= 2 {
            let mut swapped = path.clone();
            swapped.swap(0, 1);
            assert!(refused(&leaf, index, size, &swapped, &root), "path order swapped {what}");
        }
    }
}

/// Every way to corrupt a consistency proof of the reference vectors fails.
#[test]
fn corrupted_consistency_proofs_are_refused() {
    for (old, new, proof) in consistency_vectors() {
        let (r1, r2) = (h(ROOTS[old as usize]), h(ROOTS[new as usize]));
        let what = format!("{old}→{new}");
        let refused = |old: u64, new: u64, r1: &LogHash, r2: &LogHash, proof: &[LogHash]| {
            verify_consistency(old, new, r1, r2, proof).is_err()
        };
        if old != new {
            assert!(refused(old, new, &r2, &r1, &proof), "swapped roots {what}");
        } else {
            assert!(
                refused(old, new, &r1, &h(ROOTS[old as usize + 1]), &proof),
                "different roots, same size {what}"
            );
        }
        assert!(refused(new, old, &r2, &r1, &proof) || old == new, "sizes reversed {what}");
        assert!(refused(old + 1, new, &r1, &r2, &proof) || old + 1 > new, "old + 1 {what}");
        if old > 1 {
            assert!(refused(old - 1, new, &r1, &r2, &proof), "old - 1 {what}");
            assert!(refused(old / 2, new, &r1, &r2, &proof), "old halved {what}");
        }
        assert!(refused(old, new * 2, &r1, &r2, &proof), "new doubled {what}");
        // Not `new ± 1`, for the reason given for inclusion proofs above.
        if new / 2 >= old && new / 2 != new {
            assert!(refused(old, new / 2, &r1, &r2, &proof), "new halved {what}");
        }
        assert!(refused(0, new, &r1, &r2, &proof), "old size 0 {what}");
        for bit in [0, 9, 200] {
            assert!(
                refused(old, new, &flip_bit(&r1, bit), &r2, &proof),
                "old root bit {bit} {what}"
            );
            assert!(
                refused(old, new, &r1, &flip_bit(&r2, bit), &proof),
                "new root bit {bit} {what}"
            );
            for i in 0..proof.len() {
                let mut bad = proof.clone();
                bad[i] = flip_bit(&bad[i], bit);
                assert!(refused(old, new, &r1, &r2, &bad), "proof[{i}] bit {bit} {what}");
            }
        }
        let mut padded = proof.clone();
        padded.push(r1);
        assert!(refused(old, new, &r1, &r2, &padded), "padded {what}");
        if !proof.is_empty() {
            assert!(refused(old, new, &r1, &r2, &proof[..proof.len() - 1]), "truncated {what}");
            assert!(refused(old, new, &r1, &r2, &[]), "empty proof {what}");
        }
    }
}

/// Every leaf of every tree up to 40 leaves: generated proofs verify, and each proof
/// fails for every other index and every other root (covers all ragged shapes).
#[test]
fn generated_proofs_round_trip_for_every_shape() {
    let leaves: Vec<LogHash> = (0u32..40).map(|i| leaf_hash(&i.to_be_bytes())).collect();
    let roots: Vec<LogHash> = (0..=leaves.len()).map(|n| root_hash(&leaves[..n])).collect();
    for n in 1..=leaves.len() as u64 {
        let tree = &leaves[..n as usize];
        for m in 0..n {
            let proof = inclusion_proof(tree, m).unwrap();
            assert_eq!(
                verify_inclusion(&leaves[m as usize], m, n, &proof, &roots[n as usize]),
                Ok(())
            );
            for other in 0..n {
                if other != m {
                    assert!(
                        verify_inclusion(&leaves[m as usize], other, n, &proof, &roots[n as usize])
                            .is_err()
                    );
                }
            }
            let c = consistency_proof(tree, m + 1).unwrap();
            assert_eq!(
                verify_consistency(m + 1, n, &roots[m as usize + 1], &roots[n as usize], &c),
                Ok(()),
                "{}→{n}",
                m + 1
            );
            // A fork: the same old size, but its last leaf replaced.
            if m + 1 < n {
                let mut forked = tree.to_vec();
                forked[m as usize] = leaf_hash(b"rewritten");
                let forked_root = root_hash(&forked);
                assert!(
                    verify_consistency(m + 1, n, &roots[m as usize + 1], &forked_root, &c).is_err()
                );
                let forked_proof = consistency_proof(&forked, m + 1).unwrap();
                assert!(
                    verify_consistency(
                        m + 1,
                        n,
                        &roots[m as usize + 1],
                        &forked_root,
                        &forked_proof
                    )
                    .is_err()
                );
            }
        }
        assert!(inclusion_proof(tree, n).is_none());
        assert!(consistency_proof(tree, 0).is_none());
        assert!(consistency_proof(tree, n + 1).is_none());
    }
}

// ---- checkpoints, keys and the reader's checks ----

fn signing_key(seed: u8) -> SigningKey {
    SigningKey::from_bytes(&[seed; 32])
}

fn public(key: &SigningKey) -> LogPublicKey {
    LogPublicKey(key.verifying_key())
}

fn sign(key: &SigningKey, tree: &[LogHash], timestamp_ms: u64) -> SignedCheckpoint {
    let checkpoint =
        Checkpoint { tree_size: tree.len() as u64, root_hash: root_hash(tree), timestamp_ms };
    let signature = LogSignature(key.sign(&checkpoint.signed_bytes()));
    SignedCheckpoint {
        tree_size: checkpoint.tree_size,
        root_hash: checkpoint.root_hash,
        timestamp_ms,
        signature,
    }
}

#[test]
fn rfc_8032_test_1_signature_verifies_through_our_types() {
    // RFC 8032 §7.1 TEST 1: empty message.
    let key: LogPublicKey =
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a".parse().unwrap();
    let sig: LogSignature = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b".parse().unwrap();
    assert!(key.0.verify_strict(b"", &sig.0).is_ok());
    assert_eq!(key.to_string(), "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
}

#[test]
fn checkpoint_signatures_verify_only_with_the_right_key_and_content() {
    let key = signing_key(7);
    let tree = leaves();
    let signed = sign(&key, &tree, 1_764_316_800_000);
    let c = signed.checkpoint();
    assert_eq!(c.verify(&public(&key), &signed.signature), Ok(()));
    assert_eq!(
        c.verify(&public(&signing_key(8)), &signed.signature),
        Err(SignatureError),
        "wrong key"
    );
    for changed in [
        Checkpoint { tree_size: c.tree_size + 1, ..c },
        Checkpoint { root_hash: flip_bit(&c.root_hash, 3), ..c },
        Checkpoint { timestamp_ms: c.timestamp_ms + 1, ..c },
    ] {
        assert_eq!(
            changed.verify(&public(&key), &signed.signature),
            Err(SignatureError),
            "{changed:?}"
        );
    }
    let mut sig = signed.signature.0.to_bytes();
    sig[10] ^= 0x40;
    assert_eq!(
        c.verify(&public(&key), &LogSignature(ed25519_dalek::Signature::from_bytes(&sig))),
        Err(SignatureError)
    );
    // The wire form round-trips exactly.
    let json = serde_json::to_string(&signed).unwrap();
    assert_eq!(serde_json::from_str::<SignedCheckpoint>(&json).unwrap(), signed);
    assert!(
        "zz".parse::<LogPublicKey>().is_err() && "00".repeat(31).parse::<LogPublicKey>().is_err()
    );
    assert!("00".repeat(63).parse::<LogSignature>().is_err());
}

fn sample_request(id: i64, log_index: u64) -> PublishedRequest {
    serde_json::from_value(serde_json::json!({
        "id": id, "agency": {"slug": "demo-city-police", "name": "Demo City Police Department"},
        "incident_type": "burglary", "case_number": "26-118233", "title": "Footage near 5th and Pine",
        "description": "Looking for footage of a person carrying a bicycle.",
        "contact": {"email": "detective@city.example", "phone": "+1 503 555 0100"},
        "time_frame": {"start": "2026-11-27T21:00:00Z", "end": "2026-11-27T23:00:00Z"},
        "area": {"type": "Polygon", "coordinates": [[[-122.680123, 45.515], [-122.67, 45.515], [-122.67, 45.52], [-122.680123, 45.515]]]},
        "area_m2": 712000.123456789, "created_at": "2026-11-28T08:00:00Z", "status": "open", "resolution": null,
        "log_index": log_index
    }))
    .unwrap()
}

/// A log of some filler entries with `request` (and its resolution) appended.
fn log_with(request: &PublishedRequest, filler: usize) -> Vec<LogHash> {
    let mut tree: Vec<LogHash> =
        (0..filler).map(|i| leaf_hash(format!("filler {i}").as_bytes())).collect();
    tree.push(leaf_hash(request_entry(request).unwrap().as_bytes()));
    if let Some(resolution) = &request.resolution {
        tree.push(leaf_hash(resolution_entry(request.id, resolution).unwrap().as_bytes()));
    }
    tree
}

fn proof_for(tree: &[LogHash], index: u64) -> InclusionProof {
    InclusionProof {
        index,
        tree_size: tree.len() as u64,
        audit_path: inclusion_proof(tree, index).unwrap(),
    }
}

/// One way to tamper with a displayed request.
type Edit = Box<dyn Fn(&mut PublishedRequest)>;

#[test]
fn a_displayed_request_verifies_and_any_edit_is_caught() {
    let key = signing_key(1);
    let request = sample_request(7, 5);
    let tree = log_with(&request, 5);
    let checkpoint = sign(&key, &tree, 1);
    let proof = proof_for(&tree, 5);
    assert_eq!(verify_request(&request, &checkpoint, &public(&key), &proof, None), Ok(5));

    // Status and the agency's display name are not part of the entry.
    let mut renamed = request.clone();
    renamed.agency.name = "Renamed Department".into();
    assert_eq!(verify_request(&renamed, &checkpoint, &public(&key), &proof, None), Ok(5));

    let edits: Vec<(&str, Edit)> = vec![
        ("title", Box::new(|r| r.title.push('!'))),
        ("description", Box::new(|r| r.description = r.description.replace("bicycle", "scooter"))),
        ("case number", Box::new(|r| r.case_number = "26-118234".into())),
        ("agency", Box::new(|r| r.agency.slug = "other-police".into())),
        ("incident", Box::new(|r| r.incident_type = "theft".into())),
        ("phone dropped", Box::new(|r| r.contact.phone = None)),
        ("time frame", Box::new(|r| r.time_frame.end = "2026-11-27T23:30:00Z".into())),
        ("one coordinate by 1e-6", Box::new(|r| r.area.coordinates[0][1][0] += 1e-6)),
        ("area by one ulp", Box::new(|r| r.area_m2 = f64::from_bits(r.area_m2.to_bits() + 1))),
        ("created a second later", Box::new(|r| r.created_at += time::Duration::seconds(1))),
        ("id", Box::new(|r| r.id = 8)),
        ("language added", Box::new(|r| r.language = Some("en".into()))),
    ];
    for (what, edit) in edits {
        let mut edited = request.clone();
        edit(&mut edited);
        let result = verify_request(&edited, &checkpoint, &public(&key), &proof, None);
        assert!(
            matches!(result, Err(LogVerifyError::NotIncluded { index: 5, .. })),
            "{what}: {result:?}"
        );
    }

    // Claiming another index, a proof for another index, a wrong key, no index.
    let mut moved = request.clone();
    moved.log_index = Some(4);
    assert!(matches!(
        verify_request(&moved, &checkpoint, &public(&key), &proof_for(&tree, 4), None),
        Err(LogVerifyError::NotIncluded { .. })
    ));
    assert_eq!(
        verify_request(&moved, &checkpoint, &public(&key), &proof, None),
        Err(LogVerifyError::ProofForOtherTree)
    );
    assert_eq!(
        verify_request(&request, &checkpoint, &public(&signing_key(2)), &proof, None),
        Err(LogVerifyError::BadSignature)
    );
    let mut unlogged = request.clone();
    unlogged.log_index = None;
    assert_eq!(
        verify_request(&unlogged, &checkpoint, &public(&key), &proof, None),
        Err(LogVerifyError::NotInLog)
    );
}

/// The entry and leaf hash of a request without a language are exactly those of the
/// entry format before the language existed: logs published then still verify. The
/// hash was computed outside this crate (Python's hashlib: SHA-256 of 0x00 and the
/// entry text the `request_entry` doctest pinned before the language was added).
#[test]
fn a_request_without_language_hashes_as_before_the_language_existed() {
    let request: PublishedRequest = serde_json::from_str(r#"{"id":7,
      "agency":{"slug":"demo-city-police","name":"Demo City Police Department"},
      "incident_type":"burglary","case_number":"26-118233","title":"Footage near 5th and Pine",
      "description":"Looking for footage of a person carrying a bicycle.","contact":{"email":"detective@city.example"},
      "time_frame":{"start":"2026-11-27T21:00:00Z","end":"2026-11-27T23:00:00Z"},
      "area":{"type":"Polygon","coordinates":[[[-122.68,45.52],[-122.67,45.52],[-122.67,45.53],[-122.68,45.52]]]},
      "area_m2":712000.5,"created_at":"2026-11-28T08:00:00Z","status":"open","resolution":null,"log_index":0}"#)
    .unwrap();
    assert_eq!(request.language, None, "an older API answer has no language");
    let before = "b8273cdce0a8c24ea885b1a3bf5e1f22ddee0999ec508c9398c76a6c15df68c4";
    assert_eq!(leaf_hash(request_entry(&request).unwrap().as_bytes()).to_string(), before);
    // `"language": null` from a newer server is the same request.
    let mut json = serde_json::to_value(&request).unwrap();
    json["language"] = serde_json::Value::Null;
    let explicit: PublishedRequest = serde_json::from_value(json).unwrap();
    assert_eq!(leaf_hash(request_entry(&explicit).unwrap().as_bytes()).to_string(), before);

    // With a language, the entry (and so the hash) carries it, and it verifies.
    let mut spanish = sample_request(7, 5);
    spanish.language = Some("es".into());
    assert!(request_entry(&spanish).unwrap().contains(r#""language":"es""#));
    let key = signing_key(1);
    let tree = log_with(&spanish, 5);
    let checkpoint = sign(&key, &tree, 1);
    let proof = proof_for(&tree, 5);
    assert_eq!(verify_request(&spanish, &checkpoint, &public(&key), &proof, None), Ok(5));
    for changed in [None, Some("en".to_owned())] {
        let mut edited = spanish.clone();
        edited.language = changed.clone();
        assert!(
            matches!(
                verify_request(&edited, &checkpoint, &public(&key), &proof, None),
                Err(LogVerifyError::NotIncluded { .. })
            ),
            "language {changed:?}"
        );
    }
}

#[test]
fn a_resolution_is_verified_with_its_own_entry() {
    let key = signing_key(1);
    let mut request = sample_request(7, 2);
    request.resolution = Some(Resolution {
        note: Some("Suspect identified.".into()),
        resolved_at: time::macros::datetime!(2026-11-29 10:00 UTC),
        log_index: Some(3),
    });
    let tree = log_with(&request, 2);
    let checkpoint = sign(&key, &tree, 1);
    let (p, r) = (proof_for(&tree, 2), proof_for(&tree, 3));
    assert_eq!(verify_request(&request, &checkpoint, &public(&key), &p, Some(&r)), Ok(2));
    assert_eq!(
        verify_request(&request, &checkpoint, &public(&key), &p, None),
        Err(LogVerifyError::ProofForOtherTree)
    );
    let mut edited = request.clone();
    edited.resolution.as_mut().unwrap().note = Some("Nothing found.".into());
    assert!(matches!(
        verify_request(&edited, &checkpoint, &public(&key), &p, Some(&r)),
        Err(LogVerifyError::NotIncluded { index: 3, .. })
    ));
}

#[test]
fn a_newer_checkpoint_must_extend_the_remembered_one() {
    let key = signing_key(3);
    let tree: Vec<LogHash> = (0u8..11).map(|i| leaf_hash(&[i])).collect();
    let old = sign(&key, &tree[..6], 1);
    let new = sign(&key, &tree, 2);
    let proof = ConsistencyProof { from: 6, to: 11, proof: consistency_proof(&tree, 6).unwrap() };
    assert_eq!(verify_extension(&old, &new, &public(&key), &proof), Ok(()));
    let same = ConsistencyProof { from: 6, to: 6, proof: vec![] };
    assert_eq!(verify_extension(&old, &old, &public(&key), &same), Ok(()));

    // Shrank: the newest entries were deleted.
    let shrunk = sign(&key, &tree[..5], 3);
    let result = verify_extension(&old, &shrunk, &public(&key), &proof);
    assert_eq!(result, Err(LogVerifyError::Shrank { remembered: 6, now: 5 }));
    assert!(result.unwrap_err().is_rewrite());

    // Forked: entry 5 deleted and replaced, the log rebuilt and re-signed, then grown.
    let mut rewritten = tree.clone();
    rewritten[5] = leaf_hash(b"a different request");
    let forked = sign(&key, &rewritten, 4);
    let honest_looking =
        ConsistencyProof { from: 6, to: 11, proof: consistency_proof(&rewritten, 6).unwrap() };
    let result = verify_extension(&old, &forked, &public(&key), &honest_looking);
    assert!(
        matches!(result, Err(LogVerifyError::Forked { remembered: 6, now: 11, .. })),
        "{result:?}"
    );
    // Same size, different root.
    let forked_same_size = sign(&key, &rewritten[..6], 5);
    assert!(matches!(
        verify_extension(&old, &forked_same_size, &public(&key), &same),
        Err(LogVerifyError::Forked { .. })
    ));

    // A proof for other sizes, and a checkpoint signed by another key.
    let wrong_sizes =
        ConsistencyProof { from: 5, to: 11, proof: consistency_proof(&tree, 5).unwrap() };
    assert_eq!(
        verify_extension(&old, &new, &public(&key), &wrong_sizes),
        Err(LogVerifyError::ProofForOtherTree)
    );
    let stranger = sign(&signing_key(4), &tree, 2);
    assert_eq!(
        verify_extension(&old, &stranger, &public(&key), &proof),
        Err(LogVerifyError::BadSignature)
    );
}
