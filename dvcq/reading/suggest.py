"""Which items of a round a document most likely supports: TF-IDF and cosine similarity.

Each item of the round is a small document: the criterion's wording of the item and the action
the annex assigns ("nội dung cần thực hiện"). Words are compared without diacritics, single
words and pairs of neighbouring words ("tuyen truyen", "dan van"), so that a pair shared by
the file and one item weighs more than words every item has. A word's weight is rarer-is-more
across the round's items (IDF), and the score is the cosine of the two weight vectors. The
answer names the shared words that weigh most, so a person sees why an item was suggested.
"""

from collections import Counter
from collections.abc import Iterable
from math import log, sqrt

from .matching import WORD, fold, words

# Words of almost every Vietnamese sentence, and the parts of a document's header and dates,
# which say nothing of its subject (folded).
STOP_WORDS = frozenset(
    """
    va voi cua cac nhung mot nhu la co khong duoc bi da dang se de cho tai tu den trong ngoai
    tren duoi ve theo nay do khi thi ma hoac cung con vao ra nhat sau truoc moi tung rat
    nam ngay thang so ky hieu noi nhan luu vt
    """.split()
)
HEADER = [words("Cộng hòa xã hội chủ nghĩa Việt Nam"), words("Độc lập - Tự do - Hạnh phúc")]
MIN_SCORE = 0.05  # below this, nothing is suggested
NEAR_BEST = 0.5  # and only items scoring at least half of the best one
SHOWN_WORDS = 4


def _drop_header(tokens: list[str]) -> list[str]:
    for phrase in HEADER:
        size = len(phrase)
        kept, index = [], 0
        while index < len(tokens):
            if tokens[index : index + size] == phrase:
                index += size
                continue
            kept.append(tokens[index])
            index += 1
        tokens = kept
    return tokens


def _useful(token: str) -> bool:
    return len(token) > 1 and token not in STOP_WORDS and not token.isdigit()


def features(text: str) -> Counter:
    """Folded single words and neighbouring pairs, with their counts."""
    tokens = _drop_header(words(text))
    found = Counter(t for t in tokens if _useful(t))
    pairs = zip(tokens, tokens[1:], strict=False)
    found.update(f"{a} {b}" for a, b in pairs if _useful(a) and _useful(b))
    return found


def shared_phrases(text: str, shared: dict[str, float], limit: int = SHOWN_WORDS) -> list[str]:
    """The shared words as `text` writes them, neighbouring pairs joined into phrases
    ("phương tiện thông tin đại chúng"), heaviest first; single words after the phrases."""
    written = [w.lower() for w in WORD.findall(text.replace("Đ", "đ"))]
    folded = [fold(w) for w in written]
    phrases: dict[str, float] = {}
    covered: set[str] = set()
    index = 0
    while index < len(folded) - 1:
        end = index
        while end < len(folded) - 1 and f"{folded[end]} {folded[end + 1]}" in shared:
            end += 1
        if end > index:
            run = range(index, end + 1)
            weight = sum(shared[f"{folded[i]} {folded[i + 1]}"] for i in run[:-1])
            phrase = " ".join(written[i] for i in run)
            phrases[phrase] = max(phrases.get(phrase, 0), weight)
            covered.update(folded[i] for i in run)
            index = end
        index += 1
    singles: dict[str, float] = {}
    for position, key in enumerate(folded):
        if key in shared and key not in covered:
            singles.setdefault(written[position], shared[key])
    # A lone syllable ("dân", "bộ") says little in Vietnamese: shown only when no phrase is.
    ranked = sorted(phrases, key=lambda p: -phrases[p]) or sorted(
        singles, key=lambda w: -singles[w]
    )
    shown: list[str] = []
    for candidate in ranked:
        if not any(candidate in other for other in shown):
            shown.append(candidate)
    return shown[:limit]


def _weights(counts: Counter, idf: dict[str, float]) -> dict[str, float]:
    return {f: (1 + log(n)) * idf[f] for f, n in counts.items() if f in idf}


def _norm(vector: dict[str, float]) -> float:
    return sqrt(sum(v * v for v in vector.values()))


def suggest(text: str, items: Iterable[tuple[int, str]], *, limit: int = 3) -> list[dict]:
    """The items (id, text) that `text` most likely supports, best first, at most `limit`:
    [{"assignment": id, "score": 0.42, "words": ["tuyên truyền", …]}]."""
    items = list(items)
    documents = {pk: features(body) for pk, body in items}
    if not documents:
        return []
    df = Counter(f for counts in documents.values() for f in counts)
    n = len(documents)
    idf = {f: log((1 + n) / (1 + d)) + 1 for f, d in df.items()}
    query = _weights(features(text), idf)
    query_norm = _norm(query)
    if not query_norm:
        return []
    scored = []
    for pk, counts in documents.items():
        vector = _weights(counts, idf)
        shared = {f: query[f] * vector[f] for f in query if f in vector}
        # Lone syllables in common ("sinh", "phụ") are chance: an item shares a pair or is out.
        if not any(" " in f for f in shared):
            continue
        score = sum(shared.values()) / (query_norm * _norm(vector))
        scored.append((score, pk, shared))
    scored.sort(key=lambda s: (-s[0], s[1]))
    if not scored or scored[0][0] < MIN_SCORE:
        return []
    best = scored[0][0]
    bodies = dict(items)
    found = []
    for score, pk, shared in scored[:limit]:
        if score < max(MIN_SCORE, best * NEAR_BEST):
            break
        found.append(
            {
                "assignment": pk,
                "score": round(score, 3),
                "words": shared_phrases(bodies[pk], shared),
            }
        )
    return found
