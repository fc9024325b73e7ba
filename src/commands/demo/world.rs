//! The generator's world: a deterministic random source, the users, their
//! containers and the names they use.

/// SplitMix64: small, fast, the same sequence on every platform.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(super) fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
    /// Inclusive range.
    pub(super) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    pub(super) fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub(super) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    pub(super) fn hex(&mut self, digits: usize) -> String {
        let v = self.next();
        format!("{v:016x}")[16 - digits..].to_string()
    }
}

pub(super) const FIRST: &[&str] = &[
    "anna", "ben", "chen", "dana", "emil", "fatima", "greta", "hugo", "ines", "jonas", "kemal",
    "lena", "mara", "nils", "olga", "paul", "rosa", "sven", "tara", "vera", "yusuf", "zoe",
];
pub(super) const SURNAMES: &[&str] = &[
    "baker", "mueller", "schmidt", "novak", "okafor", "garcia", "rossi", "kowalski", "nguyen",
    "silva", "hansen", "yilmaz", "ivanova", "dubois", "tanaka", "kim", "patel", "weber",
];
pub(super) const GROUPS: &[&str] = &["student", "student", "researcher", "faculty"];
pub(super) const LOCAL_USERS: &[&str] = &["datasciencelab", "ds01-admin", "labtech", "guest01"];
pub(super) const PROJECTS: &[&str] = &[
    "thesis",
    "nlp-project",
    "llm-finetune",
    "cv-experiments",
    "climate-model",
    "rl-agents",
    "speech2text",
    "causal-ml",
    "capstone",
    "baseline",
];
pub(super) const IMAGES: &[&str] = &[
    "ds01/pytorch:latest",
    "ds01/tensorflow:2.15",
    "aime/pytorch:2.3.0-cuda12.1",
    "jupyter/datascience-notebook:latest",
    "nvcr.io/nvidia/pytorch:24.05-py3",
    "python:3.11-slim",
];
pub(super) const CONTAINER_TYPES: &[&str] = &[
    "atomic",
    "atomic",
    "atomic",
    "devcontainer",
    "compose",
    "docker",
];
/// The allocator's slots: four full GPUs and four split into MIG slices.
pub(super) const SLOTS: &[&str] = &[
    "0", "1", "2", "3", "4.0", "4.1", "4.2", "5.0", "5.1", "5.2", "6.0", "6.1", "6.2", "7.0",
    "7.1", "7.2",
];
pub(super) const CMDLINES: &[&str] = &[
    "python train.py --epochs 50 --lr 3e-4",
    "jupyter-lab --no-browser --port=8888",
    "/usr/bin/python3 finetune.py --model llama-3-8b",
    "ollama serve",
    "Rscript fit_models.R",
];
pub(super) const ANSI: &[&str] = &[
    "\x1b[2J\x1b[H",
    "\x1b]0;owned\x07",
    "\x1b[31mFAKE ALERT\x1b[0m",
];

pub(super) struct User {
    pub(super) name: String,
    pub(super) uid: u64,
    pub(super) projects: Vec<&'static str>,
    pub(super) group: &'static str,
}

pub(super) struct Container {
    pub(super) name: String,
    pub(super) kind: &'static str,
    pub(super) image: String,
    pub(super) id: String,
}

pub(super) struct World {
    pub(super) users: Vec<User>,
    /// Cumulative Zipf-like weights: a few heavy users.
    pub(super) cumulative: Vec<f64>,
}

impl World {
    pub(super) fn new(r: &mut Rng, n: usize) -> World {
        let mut users = vec![
            User {
                name: "alice".into(),
                uid: 1001,
                projects: vec!["proj", "thesis", "llm-finetune"],
                group: "researcher",
            },
            User {
                name: "bob".into(),
                uid: 1002,
                projects: vec!["proj", "cv-experiments", "baseline"],
                group: "student",
            },
        ];
        let mut i = 0;
        while users.len() < n + 2 {
            let name = if i % 9 == 8 {
                LOCAL_USERS[(i / 9) % LOCAL_USERS.len()].to_string()
            } else {
                format!("{}.{}@example.lan", r.pick(FIRST), r.pick(SURNAMES))
            };
            i += 1;
            if users.iter().any(|u| u.name == name) {
                continue;
            }
            let a = r.below(PROJECTS.len() as u64) as usize;
            let b = (a + 1 + r.below(PROJECTS.len() as u64 - 1) as usize) % PROJECTS.len();
            users.push(User {
                name,
                uid: r.range(1003, 1999) as u64,
                projects: vec![PROJECTS[a], PROJECTS[b]],
                group: GROUPS[r.below(GROUPS.len() as u64) as usize],
            });
        }
        let mut total = 0.0;
        let cumulative = (0..users.len())
            .map(|k| {
                total += 1.0 / ((k + 1) as f64).powf(0.9);
                total
            })
            .collect();
        World { users, cumulative }
    }

    pub(super) fn user(&self, r: &mut Rng) -> &User {
        let x = r.unit() * self.cumulative.last().unwrap();
        let k = self.cumulative.partition_point(|&c| c < x);
        &self.users[k.min(self.users.len() - 1)]
    }

    pub(super) fn container(r: &mut Rng, u: &User) -> Container {
        let kind = *r.pick(CONTAINER_TYPES);
        let proj = *r.pick(&u.projects);
        let name = match kind {
            "atomic" => format!("{proj}._.{}", u.uid),
            "devcontainer" => format!("vsc-{proj}-{}", r.hex(8)),
            "compose" => format!("{proj}-{}-1", r.pick(&["app", "worker", "notebook"])),
            _ => format!(
                "{}_{}",
                r.pick(&["eager", "quirky", "brave"]),
                r.pick(&["turing", "noether", "hopper"])
            ),
        };
        let image = if kind == "atomic" && r.chance(0.3) {
            format!("ds01-{}/{proj}:latest", u.uid)
        } else {
            r.pick(IMAGES).to_string()
        };
        Container {
            name,
            kind,
            image,
            id: r.hex(12),
        }
    }

    /// The device behind an allocator slot: the same UUID every time (a
    /// full GPU for "0", a MIG slice for "2.1"), so that an allocation and
    /// its release name the same GPU.
    pub(super) fn slot_uuid(slot: &str) -> String {
        let seed = slot
            .bytes()
            .fold(0xD501_u64, |h, b| h.wrapping_mul(31) ^ b as u64);
        let r = &mut Rng(seed);
        let prefix = if slot.contains('.') { "MIG" } else { "GPU" };
        format!(
            "{prefix}-{}-{}-{}-{}-{}",
            r.hex(8),
            r.hex(4),
            r.hex(4),
            r.hex(4),
            r.hex(12)
        )
    }

    pub(super) fn gpu_uuid(r: &mut Rng) -> String {
        let prefix = if r.chance(0.6) { "MIG" } else { "GPU" };
        format!(
            "{prefix}-{}-{}-{}-{}-{}",
            r.hex(8),
            r.hex(4),
            r.hex(4),
            r.hex(4),
            r.hex(12)
        )
    }
}
