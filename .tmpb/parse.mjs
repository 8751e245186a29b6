// bench/steps/parse.ts
import { createReadStream, statSync } from "node:fs";

// src/furnishing/batches.store.ts
import { sql } from "kysely";

// src/metro2/metro2.model.ts
var CHARACTER_RECORD_LENGTH = 426;
var PACKED_RECORD_LENGTH = 366;
var SEGMENT_LENGTHS = {
  j1: 100,
  j2: 200,
  k1: 34,
  k2: 34,
  k3: 40,
  k4: 30,
  l1: 54,
  n1: 146
};
var TRAILER_STATUS_CODES = [
  "DF",
  "DA",
  "05",
  "11",
  "13",
  "61",
  "62",
  "63",
  "64",
  "65",
  "71",
  "78",
  "80",
  "82",
  "83",
  "84",
  "88",
  "89",
  "93",
  "94",
  "95",
  "96",
  "97"
];

// src/metro2/layouts.ts
var field = (type) => (name, length, ...flags) => ({
  name,
  type,
  length,
  flags
});
var A = field("A");
var N = field("N");
var D = field("D");
var T = field("T");
var W = (name) => ({
  name,
  type: "W",
  length: 4,
  flags: ["required"],
  packed: { type: "B", length: 4 }
});
var packs = (draft, length, valueType = draft.type === "D" ? "D" : draft.type === "T" ? "T" : "N") => ({ ...draft, packed: { type: "P", length, valueType } });
var reserved = (name, length, packedLength = length) => ({
  name,
  type: "A",
  length,
  flags: [],
  ...packedLength === length ? {} : { packed: { type: "A", length: packedLength } }
});
var valueOf = (t) => t === "D" || t === "T" ? t : "N";
function build(drafts, packed) {
  let start2 = 0;
  return drafts.map((d) => {
    const form = packed && d.packed ? d.packed : { type: d.type, length: d.length };
    const spec = {
      name: d.name,
      start: start2,
      length: form.length,
      type: form.type,
      required: d.flags.includes("required"),
      zeroFill: d.flags.includes("zeroFill"),
      omitEmpty: d.flags.includes("omitEmpty"),
      reserved: d.name.startsWith("reserved"),
      valueType: "valueType" in form && form.valueType ? form.valueType : valueOf(form.type)
    };
    start2 += form.length;
    return spec;
  });
}
var HEADER = [
  W("recordDescriptorWord"),
  A("recordIdentifier", 6, "required"),
  A("cycleIdentifier", 2, "omitEmpty"),
  A("innovisProgramIdentifier", 10, "omitEmpty"),
  A("equifaxProgramIdentifier", 10, "omitEmpty"),
  A("experianProgramIdentifier", 5, "omitEmpty"),
  A("transUnionProgramIdentifier", 10, "omitEmpty"),
  D("activityDate", 8, "required"),
  D("dateCreated", 8, "required"),
  D("programDate", 8),
  D("programRevisionDate", 8),
  A("reporterName", 40, "required"),
  A("reporterAddress", 96, "required"),
  N("reporterTelephoneNumber", 10),
  A("softwareVendorName", 40, "omitEmpty"),
  A("softwareVersionNumber", 5, "omitEmpty"),
  A("prbcProgramIdentifier", 10, "omitEmpty"),
  reserved("reserved", 146, 86)
];
var BASE = [
  W("recordDescriptorWord"),
  N("processingIndicator", 1),
  packs(T("timeStamp", 14), 8),
  N("correctionIndicator", 1, "zeroFill", "omitEmpty"),
  A("identificationNumber", 20, "required"),
  A("cycleIdentifier", 2, "omitEmpty"),
  A("consumerAccountNumber", 30, "required"),
  A("portfolioType", 1, "required"),
  A("accountType", 2, "required"),
  packs(D("dateOpened", 8, "required"), 5),
  packs(N("creditLimit", 9, "zeroFill", "omitEmpty"), 5),
  packs(N("highestCredit", 9, "zeroFill"), 5),
  A("termsDuration", 3, "required"),
  A("termsFrequency", 1, "omitEmpty"),
  packs(N("scheduledMonthlyPaymentAmount", 9, "omitEmpty"), 5),
  packs(N("actualPaymentAmount", 9, "omitEmpty"), 5),
  A("accountStatus", 2, "required"),
  A("paymentRating", 1, "omitEmpty"),
  A("paymentHistoryProfile", 24, "required"),
  A("specialComment", 2, "omitEmpty"),
  A("complianceConditionCode", 2, "omitEmpty"),
  packs(N("currentBalance", 9), 5),
  packs(N("amountPastDue", 9, "omitEmpty"), 5),
  packs(N("originalChargeOffAmount", 9, "omitEmpty"), 5),
  packs(D("dateAccountInformation", 8, "required"), 5),
  packs(D("dateFirstDelinquency", 8, "omitEmpty"), 5),
  packs(D("dateClosed", 8, "zeroFill", "omitEmpty"), 5),
  packs(D("dateLastPayment", 8, "omitEmpty"), 5),
  A("interestTypeIndicator", 1),
  reserved("reserved", 17),
  A("surname", 25, "required"),
  A("firstName", 20, "required"),
  A("middleName", 20, "omitEmpty"),
  A("generationCode", 1, "omitEmpty"),
  packs(N("socialSecurityNumber", 9), 5),
  packs(D("dateBirth", 8), 5),
  packs(N("telephoneNumber", 10), 6),
  A("ecoaCode", 1, "required"),
  A("consumerInformationIndicator", 2, "omitEmpty"),
  A("countryCode", 2),
  A("firstLineAddress", 32, "required"),
  A("secondLineAddress", 32, "omitEmpty"),
  A("city", 20, "required"),
  A("state", 2, "required"),
  A("zipCode", 9, "required"),
  A("addressIndicator", 1),
  A("residenceCode", 1)
];
var total = (name, ...flags) => packs(N(name, 9, ...flags), 5);
var TRAILER = [
  W("recordDescriptorWord"),
  A("recordIdentifier", 7, "required"),
  total("totalBaseRecords", "required"),
  reserved("reserved1", 9, 5),
  total("totalStatusCodeDF"),
  total("totalConsumerSegmentsJ1", "omitEmpty"),
  total("totalConsumerSegmentsJ2", "omitEmpty"),
  total("blockCount", "required"),
  ...TRAILER_STATUS_CODES.filter((code3) => code3 !== "DF").map((code3) => total(`totalStatusCode${code3}`)),
  total("totalECOACodeZ"),
  total("totalEmploymentSegments"),
  total("totalOriginalCreditorSegments"),
  total("totalPurchasedToSegments"),
  total("totalMortgageInformationSegments"),
  total("totalPaymentInformationSegments"),
  total("totalChangeSegments"),
  total("totalSocialNumbersAllSegments"),
  total("totalSocialNumbersBaseSegments"),
  total("totalSocialNumbersJ1Segments"),
  total("totalSocialNumbersJ2Segments"),
  total("totalDatesBirthAllSegments"),
  total("totalDatesBirthBaseSegments"),
  total("totalDatesBirthJ1Segments"),
  total("totalDatesBirthJ2Segments"),
  total("totalTelephoneNumbersAllSegments"),
  reserved("reserved2", 19, 135)
];
var consumer = [
  A("surname", 25, "required"),
  A("firstName", 20, "required"),
  A("middleName", 20, "omitEmpty"),
  A("generationCode", 1, "omitEmpty"),
  N("socialSecurityNumber", 9),
  D("dateBirth", 8),
  N("telephoneNumber", 10),
  A("ecoaCode", 1, "required"),
  A("consumerInformationIndicator", 2, "omitEmpty")
];
var id = A("segmentIdentifier", 2, "required");
var J1 = [id, reserved("reserved1", 1), ...consumer, reserved("reserved2", 1)];
var J2 = [
  id,
  reserved("reserved1", 1),
  ...consumer,
  A("countryCode", 2),
  A("firstLineAddress", 32, "required"),
  A("secondLineAddress", 32, "omitEmpty"),
  A("city", 20, "required"),
  A("state", 2, "required"),
  A("zipCode", 9, "required"),
  A("addressIndicator", 1),
  A("residenceCode", 1),
  reserved("reserved2", 2)
];
var K1 = [
  id,
  A("originalCreditorName", 30, "required"),
  N("creditorClassification", 2, "required")
];
var K2 = [
  id,
  N("purchasedIndicator", 1, "required"),
  A("purchasedName", 30, "required"),
  reserved("reserved", 1)
];
var K3 = [
  id,
  N("agencyIdentifier", 2, "omitEmpty"),
  A("accountNumber", 18, "omitEmpty"),
  A("mortgageIdentificationNumber", 18)
];
var K4 = [
  id,
  N("specializedPaymentIndicator", 2, "required"),
  D("deferredPaymentStartDate", 8, "omitEmpty"),
  D("balloonPaymentDueDate", 8, "omitEmpty"),
  N("balloonPaymentAmount", 9),
  reserved("reserved", 1)
];
var L1 = [
  id,
  N("changeIndicator", 1, "required"),
  A("newConsumerAccountNumber", 30, "omitEmpty"),
  A("newIdentificationNumber", 20, "omitEmpty"),
  reserved("reserved", 1)
];
var N1 = [
  id,
  A("employerName", 30, "required"),
  A("firstLineEmployerAddress", 32),
  A("secondLineEmployerAddress", 32),
  A("employerCity", 20),
  A("employerState", 2),
  A("zipCode", 9),
  A("occupation", 18),
  reserved("reserved", 1)
];
var HEADER_LAYOUT = build(HEADER, false);
var PACKED_HEADER_LAYOUT = build(HEADER, true);
var BASE_LAYOUT = build(BASE, false);
var PACKED_BASE_LAYOUT = build(BASE, true);
var TRAILER_LAYOUT = build(TRAILER, false);
var PACKED_TRAILER_LAYOUT = build(TRAILER, true);
var J1_LAYOUT = build(J1, false);
var J2_LAYOUT = build(J2, false);
var K1_LAYOUT = build(K1, false);
var K2_LAYOUT = build(K2, false);
var K3_LAYOUT = build(K3, false);
var K4_LAYOUT = build(K4, false);
var L1_LAYOUT = build(L1, false);
var N1_LAYOUT = build(N1, false);
var LAYOUTS = {
  header: { character: HEADER_LAYOUT, packed: PACKED_HEADER_LAYOUT },
  base: { character: BASE_LAYOUT, packed: PACKED_BASE_LAYOUT },
  trailer: { character: TRAILER_LAYOUT, packed: PACKED_TRAILER_LAYOUT },
  j1: { character: J1_LAYOUT, packed: J1_LAYOUT },
  j2: { character: J2_LAYOUT, packed: J2_LAYOUT },
  k1: { character: K1_LAYOUT, packed: K1_LAYOUT },
  k2: { character: K2_LAYOUT, packed: K2_LAYOUT },
  k3: { character: K3_LAYOUT, packed: K3_LAYOUT },
  k4: { character: K4_LAYOUT, packed: K4_LAYOUT },
  l1: { character: L1_LAYOUT, packed: L1_LAYOUT },
  n1: { character: N1_LAYOUT, packed: N1_LAYOUT }
};
function fieldsByName(layout) {
  return Object.fromEntries(layout.map((s2) => [s2.name, s2]));
}
var layoutLength = (layout) => {
  const last = layout[layout.length - 1];
  return last ? last.start + last.length : 0;
};
var expected = [
  [HEADER_LAYOUT, CHARACTER_RECORD_LENGTH],
  [BASE_LAYOUT, CHARACTER_RECORD_LENGTH],
  [TRAILER_LAYOUT, CHARACTER_RECORD_LENGTH],
  [PACKED_HEADER_LAYOUT, PACKED_RECORD_LENGTH],
  [PACKED_BASE_LAYOUT, PACKED_RECORD_LENGTH],
  [PACKED_TRAILER_LAYOUT, PACKED_RECORD_LENGTH],
  ...Object.keys(SEGMENT_LENGTHS).map(
    (k) => [LAYOUTS[k].character, SEGMENT_LENGTHS[k]]
  )
];
for (const [layout, length] of expected) {
  if (layoutLength(layout) !== length)
    throw new Error(`Metro 2 layout is ${layoutLength(layout)} bytes, not ${length}`);
}
var valueTypeOf = (s2) => s2.type === "P" ? s2.valueType ?? "N" : s2.type === "B" ? "W" : s2.type;

// src/platform/errors.ts
var AppError = class extends Error {
  constructor(code3, message, details) {
    super(message);
    this.code = code3;
    this.details = details;
    this.name = "AppError";
  }
  code;
  details;
};

// src/metro2/read-error.ts
var Metro2ReadError = class extends AppError {
  constructor(message, offset) {
    super("invalid_input", `${message} (at byte offset ${offset})`, { offset });
    this.offset = offset;
    this.name = "Metro2ReadError";
  }
  offset;
};
function snippet(bytes2, start2, length = 20, more = true) {
  let out = "";
  const end = Math.min(bytes2.length, start2 + length);
  for (let i = start2; i < end; i++) {
    const b = bytes2[i] ?? 0;
    out += b >= 32 && b < 127 ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, "0")}`;
  }
  return `'${out}${more && end < bytes2.length ? "\u2026" : ""}'`;
}

// src/metro2/detect.ts
var MAX_LINE = 65536;
var DETECT_BYTES = MAX_LINE + 16384;
var MAX_CHARACTER_WORD = 9999;
var MAX_PACKED_WORD = 32760;
var isBreak = (b) => b === 10 || b === 13;
function digits4(d, p) {
  let v = 0;
  for (let i = p; i < p + 4; i++) {
    const x = (d[i] ?? 0) - 48;
    if (x < 0 || x > 9) return -1;
    v = v * 10 + x;
  }
  return v;
}
function binaryWord(d, p) {
  if (p + 4 > d.length || d[p + 2] !== 0 || d[p + 3] !== 0) return -1;
  return (d[p] ?? 0) << 8 | (d[p + 1] ?? 0);
}
function matches(d, p, end, text2) {
  if (p + text2.length > end) return false;
  for (let i = 0; i < text2.length; i++) if (d[p + i] !== text2.charCodeAt(i)) return false;
  return true;
}
function validTimestamp(v) {
  const [m = 0, day = 0, y = 0, h = 0, mi = 0, s2 = 0] = v;
  return m >= 1 && m <= 12 && day >= 1 && day <= 31 && y >= 1 && h <= 23 && mi <= 59 && s2 <= 59;
}
function bodyScore(d, q, end, packed) {
  if (matches(d, q, end, "HEADER") || matches(d, q, end, "TRAILER")) return 3;
  const pi = d[q];
  if (pi === void 0 || q + (packed ? 9 : 15) > end || !(pi >= 48 && pi <= 57 || pi === 32)) return 0;
  if (packed) {
    let zero2 = true;
    const nibbles = [];
    for (let i = q + 1; i < q + 9; i++) {
      const b = d[i] ?? 0;
      if (b !== 0) zero2 = false;
      nibbles.push(b >> 4, b & 15);
    }
    if (zero2) return 2;
    const sign = nibbles.pop();
    if (nibbles[0] !== 0 || nibbles.some((n3) => n3 > 9) || sign !== 15 && sign !== 12 && sign !== 13)
      return 0;
    const n2 = (a, b) => nibbles.slice(a, b).reduce((x, y) => x * 10 + y, 0);
    return validTimestamp([n2(1, 3), n2(3, 5), n2(5, 9), n2(9, 11), n2(11, 13), n2(13, 15)]) ? 3 : 1;
  }
  let blank = true;
  let zero = true;
  for (let i = q + 1; i < q + 15; i++) {
    const b = d[i] ?? 0;
    if (b !== 32) blank = false;
    if (b !== 48) zero = false;
    if (b !== 32 && (b < 48 || b > 57)) return 0;
  }
  if (blank || zero) return 2;
  const n = (a) => ((d[q + 1 + a] ?? 0) - 48) * 10 + (d[q + 2 + a] ?? 0) - 48;
  return validTimestamp([n(0), n(2), n(4) * 100 + n(6), n(8), n(10), n(12)]) ? 3 : 1;
}
var minRecord = (packed) => packed ? PACKED_RECORD_LENGTH : CHARACTER_RECORD_LENGTH;
var maxWord = (packed) => packed ? MAX_PACKED_WORD : MAX_CHARACTER_WORD;
var plausibleLength = (n, packed) => n >= minRecord(packed) && n <= maxWord(packed);
function recordStarts(d, p, end, packed) {
  const w = packed ? binaryWord(d, p) : digits4(d, p);
  if (w < 0) return false;
  const score = bodyScore(d, p + 4, end, packed);
  return score >= 3 || score === 2 && plausibleLength(w, packed);
}
function startsHere(d, p, end, packed) {
  return recordStarts(d, p, end, packed) || (packed ? binaryWord(d, p) : digits4(d, p)) >= 0 && recordStarts(d, p + 4, end, packed);
}
function skipContent(d, p, end, n) {
  let left = n;
  while (left > 0 && p < end) {
    if (!isBreak(d[p])) left--;
    p++;
  }
  while (p < end && isBreak(d[p])) p++;
  return left > 0 ? -1 : p;
}
function nextScore(d, p, end, n, final) {
  const next = skipContent(d, p, end, n);
  if (next < 0) return 0;
  if (next >= end) return final ? 2 : 0;
  return startsHere(d, next, end, false) ? 2 : 0;
}
function shapeScore(d, r0, n, end) {
  if (n === CHARACTER_RECORD_LENGTH) return 1;
  const at = skipContent(d, r0, end, CHARACTER_RECORD_LENGTH);
  if (at < 0 || at + 2 > end) return 0;
  const c0 = d[at];
  const c1 = (d[at + 1] ?? 0) - 48;
  return c0 === 74 && (c1 === 1 || c1 === 2) || c0 === 75 && c1 >= 1 && c1 <= 4 || (c0 === 76 || c0 === 78) && c1 === 1 ? 1 : 0;
}
function fail(message, d, p) {
  throw new Metro2ReadError(`${message}: the input starts ${snippet(d, p)}`, p);
}
function detectLayout(d, from, end, final) {
  let p0 = from;
  if (end - p0 >= 8 && binaryWord(d, p0) >= 0) return detectPacked(d, p0, end);
  if (d[p0] === 239 && d[p0 + 1] === 187 && d[p0 + 2] === 191) p0 += 3;
  const bomEnd = p0;
  while (p0 < end && isBreak(d[p0])) p0++;
  if (p0 >= end) throw new Metro2ReadError("empty input: no Metro 2 record", p0);
  if (end - p0 < 8) fail("too short to be a Metro 2 file", d, p0);
  if (binaryWord(d, p0) >= 0) return detectPacked(d, p0, end);
  return { ...detectCharacter(d, p0, end, final), start: bomEnd };
}
function detectPacked(d, p0, end) {
  const rdw = binaryWord(d, p0 + 4);
  const blocked = rdw >= PACKED_RECORD_LENGTH && rdw + 4 <= binaryWord(d, p0);
  if (bodyScore(d, p0 + (blocked ? 8 : 4), end, true) === 0) {
    fail(
      "not a Metro 2 file: a packed descriptor word is followed by neither a header nor a base record",
      d,
      p0
    );
  }
  return { packed: true, blocked, breaks: "none", lines: false, start: p0 };
}
function detectCharacter(d, p0, end, final) {
  const d1 = digits4(d, p0);
  if (d1 < 0) fail("not a Metro 2 file: no record descriptor word (4 digits, or a packed binary word)", d, p0);
  const lf = d.indexOf(10, p0);
  const breaks = lf < 0 || lf - p0 > MAX_LINE ? "none" : d[lf - 1] === 13 ? "crlf" : "lf";
  let unblocked = bodyScore(d, p0 + 4, end, false);
  if (unblocked > 0) unblocked += nextScore(d, p0, end, d1, final) + shapeScore(d, p0, d1, end);
  let q = p0 + 4;
  while (q < end && isBreak(d[q])) q++;
  const d2 = digits4(d, q);
  let blocked = 0;
  if (d2 >= 0 && d2 + 4 <= d1) {
    blocked = bodyScore(d, q + 4, end, false);
    if (blocked > 0)
      blocked += nextScore(d, q, end, d2, final) + shapeScore(d, q, d2, end) + (q > p0 + 4 ? 2 : 0);
  }
  if (unblocked === 0 && blocked === 0) {
    fail("not a Metro 2 file: the first record is neither a header record nor a base segment", d, p0);
  }
  const isBlocked = blocked > unblocked;
  const r0 = isBlocked ? q : p0;
  const rdw = isBlocked ? d2 : d1;
  return {
    packed: false,
    blocked: isBlocked,
    breaks,
    lines: breaks !== "none" && framedByLines(d, r0, end, rdw, final),
    start: p0
  };
}
function framedByLines(d, r0, end, rdw, final) {
  if (!plausibleLength(rdw, false)) return true;
  const lf = d.indexOf(10, r0);
  const eol = lf < 0 ? end : lf;
  const length = eol - r0 - (d[eol - 1] === 13 ? 1 : 0);
  if (length === rdw) return true;
  if (length > rdw) return !startsHere(d, r0 + rdw, end, false);
  let next = eol;
  while (next < end && isBreak(d[next])) next++;
  return next >= end ? final : startsHere(d, next, end, false);
}

// src/metro2/field-reader.ts
var latin1 = (buf, start2, end) => buf.latin1Slice(start2, end);
var PRIVATE = /* @__PURE__ */ new Set(["socialSecurityNumber", "dateBirth", "telephoneNumber"]);
var DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
var DATE_SLOTS = 8192;
var dateKeys = new Float64Array(DATE_SLOTS).fill(-1);
var dateValues = new Array(DATE_SLOTS).fill("");
function dayExists(y, m, d) {
  if (m < 1 || m > 12 || d < 1 || y < 1) return false;
  const leap = m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 1 : 0;
  return d <= (DAYS[m] ?? 0) + leap;
}
var digit = (n) => 48 + n % 10;
function flatDate(y, m, d) {
  return String.fromCharCode(
    digit(Math.floor(y / 1e3)),
    digit(Math.floor(y / 100)),
    digit(Math.floor(y / 10)),
    digit(y),
    45,
    digit(Math.floor(m / 10)),
    digit(m),
    45,
    digit(Math.floor(d / 10)),
    digit(d)
  );
}
function dateOf(mmddyyyy) {
  const slot = (mmddyyyy ^ mmddyyyy >>> 13) & DATE_SLOTS - 1;
  if (dateKeys[slot] === mmddyyyy) return dateValues[slot] ?? "";
  const y = mmddyyyy % 1e4;
  const m = Math.floor(mmddyyyy / 1e6);
  const d = Math.floor(mmddyyyy / 1e4) % 100;
  const s2 = dayExists(y, m, d) ? flatDate(y, m, d) : "";
  dateKeys[slot] = mmddyyyy;
  dateValues[slot] = s2;
  return s2;
}
function isoDate(y, m, d) {
  return Number.isInteger(y + m + d) && y >= 0 && y <= 9999 && m >= 0 && m <= 99 && d >= 0 && d <= 99 ? dateOf(m * 1e6 + d * 1e4 + y) : "";
}
var STAMP_SLOTS = 4096;
var stampKeys = new Float64Array(STAMP_SLOTS).fill(-1);
var stampValues = new Array(STAMP_SLOTS).fill("");
var stampSlot = (v) => v % 4093 | 0;
function timestampOf(c, p) {
  return String.fromCharCode(
    c[p + 4] ?? 48,
    c[p + 5] ?? 48,
    c[p + 6] ?? 48,
    c[p + 7] ?? 48,
    45,
    c[p] ?? 48,
    c[p + 1] ?? 48,
    45,
    c[p + 2] ?? 48,
    c[p + 3] ?? 48,
    84,
    c[p + 8] ?? 48,
    c[p + 9] ?? 48,
    58,
    c[p + 10] ?? 48,
    c[p + 11] ?? 48,
    58,
    c[p + 12] ?? 48,
    c[p + 13] ?? 48
  );
}
var EMPTY = Buffer.alloc(0);
var CODES = new Array(65536);
function code(c0, c1) {
  const key = c0 << 8 | c1;
  return CODES[key] ??= c1 === 32 ? String.fromCharCode(c0) : String.fromCharCode(c0, c1);
}
var FieldReader = class {
  buf = EMPTY;
  /** Where the current segment starts in `buf`. */
  at = 0;
  /** The record as latin1 text; `text[0]` is `buf[textAt]`. */
  text = "";
  textAt = 0;
  segmentName = "base";
  issues = null;
  /** The account number of the last unreadable record, when it could be read. */
  account = void 0;
  scratch = Buffer.alloc(4096);
  /** Points the reader at a record of `length` bytes from `start`; issues start afresh. */
  load(buf, start2, length) {
    this.buf = buf;
    this.at = start2;
    this.textAt = start2;
    this.text = buf.latin1Slice(start2, start2 + length);
    this.issues = null;
  }
  /** Copies the loaded record to a blank-filled buffer of `length` bytes, for a record that ends early. */
  padTo(length) {
    const have = this.text.length;
    if (this.scratch.length < length) this.scratch = Buffer.alloc(Math.max(length, this.scratch.length * 2));
    const s2 = this.scratch;
    this.buf.copy(s2, 0, this.textAt, this.textAt + have);
    s2.fill(32, have, length);
    this.at -= this.textAt;
    this.buf = s2;
    this.textAt = 0;
    this.text = latin1(s2, 0, length);
  }
  segment(name, at) {
    this.segmentName = name;
    this.at = this.textAt + at;
  }
  issue(field2, rule, severity, message) {
    const issue4 = { segment: this.segmentName, rule, severity, message };
    if (field2 !== void 0) issue4.field = field2;
    (this.issues ??= []).push(issue4);
  }
  /** Alphanumeric: trailing blanks removed. */
  A(s2) {
    const buf = this.buf;
    const b = this.at + s2.start;
    let e = b + s2.length;
    while (e > b && buf[e - 1] === 32) e--;
    if (e === b) return "";
    if (e - b <= 2) return code(buf[b], e - b === 2 ? buf[b + 1] : 32);
    const t = this.textAt;
    return this.text.slice(b - t, e - t);
  }
  /** Unsigned number; blank fill reads as 0. */
  N(s2) {
    if (s2.type === "P") return this.packed(s2, "N");
    const buf = this.buf;
    let v = 0;
    for (let i = this.at + s2.start, e = i + s2.length; i < e; i++) {
      const d = buf[i] - 48;
      if (d >>> 0 > 9) return this.notDigits(s2, "syntax.numeric", "is not a number", 0);
      v = v * 10 + d;
    }
    return v;
  }
  /** Date MMDDYYYY as 'YYYY-MM-DD'; zero or blank fill reads as null. */
  D(s2) {
    if (s2.type === "P") return this.date(this.packed(s2, "D"), s2);
    const buf = this.buf;
    let v = 0;
    for (let i = this.at + s2.start, e = i + 8; i < e; i++) {
      const d = buf[i] - 48;
      if (d >>> 0 > 9) return this.notDigits(s2, "syntax.date", "is not a date MMDDYYYY", null);
      v = v * 10 + d;
    }
    return v === 0 ? null : this.date(v, s2);
  }
  /** Timestamp MMDDYYYYHHMMSS as 'YYYY-MM-DDTHH:MM:SS'; zero or blank fill reads as null. */
  T(s2) {
    if (s2.type === "P") return this.packedTimestamp(s2);
    const buf = this.buf;
    const p = this.at + s2.start;
    let day = 0;
    let time = 0;
    for (let i = p; i < p + 14; i++) {
      const d = buf[i] - 48;
      if (d >>> 0 > 9) return this.notDigits(s2, "syntax.date", "is not a timestamp MMDDYYYYHHMMSS", null);
      if (i < p + 8) day = day * 10 + d;
      else time = time * 10 + d;
    }
    if (day === 0 && time === 0) return null;
    const key = day * 1e6 + time;
    const slot = stampSlot(key);
    if (stampKeys[slot] === key) return stampValues[slot] ?? null;
    if (!this.time(day, time, s2)) return null;
    const stamp = timestampOf(buf, p);
    stampKeys[slot] = key;
    stampValues[slot] = stamp;
    return stamp;
  }
  packedTimestamp(s2) {
    const v = this.packed(s2, "T");
    if (v <= 0) return null;
    const slot = stampSlot(v);
    if (stampKeys[slot] === v) return stampValues[slot] ?? null;
    const day = Math.floor(v / 1e6);
    const time = v % 1e6;
    if (!this.time(day, time, s2)) return null;
    const c = String(v).padStart(14, "0");
    const stamp = `${c.slice(4, 8)}-${c.slice(0, 2)}-${c.slice(2, 4)}T${c.slice(8, 10)}:${c.slice(10, 12)}:${c.slice(12, 14)}`;
    stampKeys[slot] = v;
    stampValues[slot] = stamp;
    return stamp;
  }
  /** Whether day (MMDDYYYY) and time (HHMMSS) are real; an issue when not. */
  time(day, time, s2) {
    if (dateOf(day) === "") return this.bad(s2, "syntax.date", "is not a real date", false);
    if (time >= 24e4 || Math.floor(time / 100) % 100 > 59 || time % 100 > 59)
      return this.bad(s2, "syntax.date", "is not a time HHMMSS", false);
    return true;
  }
  date(mmddyyyy, s2) {
    if (mmddyyyy <= 0) return null;
    const iso = dateOf(mmddyyyy);
    return iso === "" ? this.bad(s2, "syntax.date", "is not a real date", null) : iso;
  }
  /** Packed decimal: 2n-1 digits and a sign nibble. -1 after an issue. Returns 0 for an all-zero or blank field. */
  packed(s2, as) {
    const buf = this.buf;
    const p = this.at + s2.start;
    let v = 0;
    let sign = 0;
    let any = 0;
    for (let i = 0; i < s2.length; i++) {
      const b = buf[p + i] ?? 0;
      any |= b;
      const hi = b >> 4;
      const lo = b & 15;
      if (hi > 9) return this.badPacked(s2, as);
      v = v * 10 + hi;
      if (i < s2.length - 1) {
        if (lo > 9) return this.badPacked(s2, as);
        v = v * 10 + lo;
      } else sign = lo;
    }
    if (sign === 15 || sign === 12) {
      if (as !== "N" && v >= 10 ** (2 * s2.length - 2))
        return this.bad(s2, "syntax.date", "is not a packed date", -1);
      return v;
    }
    if (sign === 13)
      return this.bad(s2, "syntax.sign", "is negative in an unsigned field", as === "N" ? 0 : -1);
    if (any === 0) return 0;
    return this.badPacked(s2, as);
  }
  badPacked(s2, as) {
    const buf = this.buf;
    const p = this.at + s2.start;
    let blank = true;
    for (let i = p; i < p + s2.length; i++) if (buf[i] !== 32 && buf[i] !== 64) blank = false;
    return blank ? 0 : this.bad(s2, "syntax.packed", "is not packed decimal", as === "N" ? 0 : -1);
  }
  /** A field with non-digits: blank fill is fine (the value is empty), anything else is an issue. */
  notDigits(s2, rule, what, empty) {
    const buf = this.buf;
    const p = this.at + s2.start;
    for (let i = p; i < p + s2.length; i++) if (buf[i] !== 32) return this.bad(s2, rule, what, empty);
    return empty;
  }
  bad(s2, rule, what, value) {
    const shown2 = PRIVATE.has(s2.name) ? "the value" : this.raw(s2);
    this.issue(s2.name, rule, "error", `${shown2} ${what}`);
    return value;
  }
  raw(s2) {
    let out = "";
    for (let i = this.at + s2.start; i < this.at + s2.start + s2.length; i++) {
      const b = this.buf[i] ?? 0;
      out += b >= 32 && b < 127 ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, "0")}`;
    }
    return `'${out}'`;
  }
};

// src/metro2/segment-decoders.ts
var HEADER2 = [fieldsByName(HEADER_LAYOUT), fieldsByName(PACKED_HEADER_LAYOUT)];
var BASE2 = [fieldsByName(BASE_LAYOUT), fieldsByName(PACKED_BASE_LAYOUT)];
var TRAILER2 = [fieldsByName(TRAILER_LAYOUT), fieldsByName(PACKED_TRAILER_LAYOUT)];
var J12 = fieldsByName(J1_LAYOUT);
var J22 = fieldsByName(J2_LAYOUT);
var K12 = fieldsByName(K1_LAYOUT);
var K22 = fieldsByName(K2_LAYOUT);
var K32 = fieldsByName(K3_LAYOUT);
var K42 = fieldsByName(K4_LAYOUT);
var L12 = fieldsByName(L1_LAYOUT);
var N12 = fieldsByName(N1_LAYOUT);
function decodeHeader(r, packed, rdw) {
  const f = HEADER2[packed ? 1 : 0];
  r.segment("header", 0);
  return {
    recordDescriptorWord: rdw,
    recordIdentifier: r.A(f.recordIdentifier),
    cycleIdentifier: r.A(f.cycleIdentifier),
    innovisProgramIdentifier: r.A(f.innovisProgramIdentifier),
    equifaxProgramIdentifier: r.A(f.equifaxProgramIdentifier),
    experianProgramIdentifier: r.A(f.experianProgramIdentifier),
    transUnionProgramIdentifier: r.A(f.transUnionProgramIdentifier),
    activityDate: r.D(f.activityDate),
    dateCreated: r.D(f.dateCreated),
    programDate: r.D(f.programDate),
    programRevisionDate: r.D(f.programRevisionDate),
    reporterName: r.A(f.reporterName),
    reporterAddress: r.A(f.reporterAddress),
    reporterTelephoneNumber: r.N(f.reporterTelephoneNumber),
    softwareVendorName: r.A(f.softwareVendorName),
    softwareVersionNumber: r.A(f.softwareVersionNumber),
    prbcProgramIdentifier: r.A(f.prbcProgramIdentifier)
  };
}
function decodeBase(r, packed, rdw) {
  const f = BASE2[packed ? 1 : 0];
  r.segment("base", 0);
  return {
    recordDescriptorWord: rdw,
    processingIndicator: r.N(f.processingIndicator),
    timeStamp: r.T(f.timeStamp),
    correctionIndicator: r.N(f.correctionIndicator),
    identificationNumber: r.A(f.identificationNumber),
    cycleIdentifier: r.A(f.cycleIdentifier),
    consumerAccountNumber: r.A(f.consumerAccountNumber),
    portfolioType: r.A(f.portfolioType),
    accountType: r.A(f.accountType),
    dateOpened: r.D(f.dateOpened),
    creditLimit: r.N(f.creditLimit),
    highestCredit: r.N(f.highestCredit),
    termsDuration: r.A(f.termsDuration),
    termsFrequency: r.A(f.termsFrequency),
    scheduledMonthlyPaymentAmount: r.N(f.scheduledMonthlyPaymentAmount),
    actualPaymentAmount: r.N(f.actualPaymentAmount),
    accountStatus: r.A(f.accountStatus),
    paymentRating: r.A(f.paymentRating),
    paymentHistoryProfile: r.A(f.paymentHistoryProfile),
    specialComment: r.A(f.specialComment),
    complianceConditionCode: r.A(f.complianceConditionCode),
    currentBalance: r.N(f.currentBalance),
    amountPastDue: r.N(f.amountPastDue),
    originalChargeOffAmount: r.N(f.originalChargeOffAmount),
    dateAccountInformation: r.D(f.dateAccountInformation),
    dateFirstDelinquency: r.D(f.dateFirstDelinquency),
    dateClosed: r.D(f.dateClosed),
    dateLastPayment: r.D(f.dateLastPayment),
    interestTypeIndicator: r.A(f.interestTypeIndicator),
    surname: r.A(f.surname),
    firstName: r.A(f.firstName),
    middleName: r.A(f.middleName),
    generationCode: r.A(f.generationCode),
    socialSecurityNumber: r.N(f.socialSecurityNumber),
    dateBirth: r.D(f.dateBirth),
    telephoneNumber: r.N(f.telephoneNumber),
    ecoaCode: r.A(f.ecoaCode),
    consumerInformationIndicator: r.A(f.consumerInformationIndicator),
    countryCode: r.A(f.countryCode),
    firstLineAddress: r.A(f.firstLineAddress),
    secondLineAddress: r.A(f.secondLineAddress),
    city: r.A(f.city),
    state: r.A(f.state),
    zipCode: r.A(f.zipCode),
    addressIndicator: r.A(f.addressIndicator),
    residenceCode: r.A(f.residenceCode)
  };
}
function decodeTrailer(r, packed, rdw) {
  const f = TRAILER2[packed ? 1 : 0];
  r.segment("trailer", 0);
  return {
    recordDescriptorWord: rdw,
    recordIdentifier: r.A(f.recordIdentifier),
    totalBaseRecords: r.N(f.totalBaseRecords),
    totalStatusCodeDF: r.N(f.totalStatusCodeDF),
    totalConsumerSegmentsJ1: r.N(f.totalConsumerSegmentsJ1),
    totalConsumerSegmentsJ2: r.N(f.totalConsumerSegmentsJ2),
    blockCount: r.N(f.blockCount),
    totalStatusCodeDA: r.N(f.totalStatusCodeDA),
    totalStatusCode05: r.N(f.totalStatusCode05),
    totalStatusCode11: r.N(f.totalStatusCode11),
    totalStatusCode13: r.N(f.totalStatusCode13),
    totalStatusCode61: r.N(f.totalStatusCode61),
    totalStatusCode62: r.N(f.totalStatusCode62),
    totalStatusCode63: r.N(f.totalStatusCode63),
    totalStatusCode64: r.N(f.totalStatusCode64),
    totalStatusCode65: r.N(f.totalStatusCode65),
    totalStatusCode71: r.N(f.totalStatusCode71),
    totalStatusCode78: r.N(f.totalStatusCode78),
    totalStatusCode80: r.N(f.totalStatusCode80),
    totalStatusCode82: r.N(f.totalStatusCode82),
    totalStatusCode83: r.N(f.totalStatusCode83),
    totalStatusCode84: r.N(f.totalStatusCode84),
    totalStatusCode88: r.N(f.totalStatusCode88),
    totalStatusCode89: r.N(f.totalStatusCode89),
    totalStatusCode93: r.N(f.totalStatusCode93),
    totalStatusCode94: r.N(f.totalStatusCode94),
    totalStatusCode95: r.N(f.totalStatusCode95),
    totalStatusCode96: r.N(f.totalStatusCode96),
    totalStatusCode97: r.N(f.totalStatusCode97),
    totalECOACodeZ: r.N(f.totalECOACodeZ),
    totalEmploymentSegments: r.N(f.totalEmploymentSegments),
    totalOriginalCreditorSegments: r.N(f.totalOriginalCreditorSegments),
    totalPurchasedToSegments: r.N(f.totalPurchasedToSegments),
    totalMortgageInformationSegments: r.N(f.totalMortgageInformationSegments),
    totalPaymentInformationSegments: r.N(f.totalPaymentInformationSegments),
    totalChangeSegments: r.N(f.totalChangeSegments),
    totalSocialNumbersAllSegments: r.N(f.totalSocialNumbersAllSegments),
    totalSocialNumbersBaseSegments: r.N(f.totalSocialNumbersBaseSegments),
    totalSocialNumbersJ1Segments: r.N(f.totalSocialNumbersJ1Segments),
    totalSocialNumbersJ2Segments: r.N(f.totalSocialNumbersJ2Segments),
    totalDatesBirthAllSegments: r.N(f.totalDatesBirthAllSegments),
    totalDatesBirthBaseSegments: r.N(f.totalDatesBirthBaseSegments),
    totalDatesBirthJ1Segments: r.N(f.totalDatesBirthJ1Segments),
    totalDatesBirthJ2Segments: r.N(f.totalDatesBirthJ2Segments),
    totalTelephoneNumbersAllSegments: r.N(f.totalTelephoneNumbersAllSegments)
  };
}
function decodeJ1(r, at) {
  r.segment("j1", at);
  return {
    segmentIdentifier: "J1",
    surname: r.A(J12.surname),
    firstName: r.A(J12.firstName),
    middleName: r.A(J12.middleName),
    generationCode: r.A(J12.generationCode),
    socialSecurityNumber: r.N(J12.socialSecurityNumber),
    dateBirth: r.D(J12.dateBirth),
    telephoneNumber: r.N(J12.telephoneNumber),
    ecoaCode: r.A(J12.ecoaCode),
    consumerInformationIndicator: r.A(J12.consumerInformationIndicator)
  };
}
function decodeJ2(r, at) {
  r.segment("j2", at);
  return {
    segmentIdentifier: "J2",
    surname: r.A(J22.surname),
    firstName: r.A(J22.firstName),
    middleName: r.A(J22.middleName),
    generationCode: r.A(J22.generationCode),
    socialSecurityNumber: r.N(J22.socialSecurityNumber),
    dateBirth: r.D(J22.dateBirth),
    telephoneNumber: r.N(J22.telephoneNumber),
    ecoaCode: r.A(J22.ecoaCode),
    consumerInformationIndicator: r.A(J22.consumerInformationIndicator),
    countryCode: r.A(J22.countryCode),
    firstLineAddress: r.A(J22.firstLineAddress),
    secondLineAddress: r.A(J22.secondLineAddress),
    city: r.A(J22.city),
    state: r.A(J22.state),
    zipCode: r.A(J22.zipCode),
    addressIndicator: r.A(J22.addressIndicator),
    residenceCode: r.A(J22.residenceCode)
  };
}
function decodeK1(r, at) {
  r.segment("k1", at);
  return {
    segmentIdentifier: "K1",
    originalCreditorName: r.A(K12.originalCreditorName),
    creditorClassification: r.N(K12.creditorClassification)
  };
}
function decodeK2(r, at) {
  r.segment("k2", at);
  return {
    segmentIdentifier: "K2",
    purchasedIndicator: r.N(K22.purchasedIndicator),
    purchasedName: r.A(K22.purchasedName)
  };
}
function decodeK3(r, at) {
  r.segment("k3", at);
  return {
    segmentIdentifier: "K3",
    agencyIdentifier: r.N(K32.agencyIdentifier),
    accountNumber: r.A(K32.accountNumber),
    mortgageIdentificationNumber: r.A(K32.mortgageIdentificationNumber)
  };
}
function decodeK4(r, at) {
  r.segment("k4", at);
  return {
    segmentIdentifier: "K4",
    specializedPaymentIndicator: r.N(K42.specializedPaymentIndicator),
    deferredPaymentStartDate: r.D(K42.deferredPaymentStartDate),
    balloonPaymentDueDate: r.D(K42.balloonPaymentDueDate),
    balloonPaymentAmount: r.N(K42.balloonPaymentAmount)
  };
}
function decodeL1(r, at) {
  r.segment("l1", at);
  return {
    segmentIdentifier: "L1",
    changeIndicator: r.N(L12.changeIndicator),
    newConsumerAccountNumber: r.A(L12.newConsumerAccountNumber),
    newIdentificationNumber: r.A(L12.newIdentificationNumber)
  };
}
function decodeN1(r, at) {
  r.segment("n1", at);
  return {
    segmentIdentifier: "N1",
    employerName: r.A(N12.employerName),
    firstLineEmployerAddress: r.A(N12.firstLineEmployerAddress),
    secondLineEmployerAddress: r.A(N12.secondLineEmployerAddress),
    employerCity: r.A(N12.employerCity),
    employerState: r.A(N12.employerState),
    zipCode: r.A(N12.zipCode),
    occupation: r.A(N12.occupation)
  };
}

// src/metro2/record-decoder.ts
var Framed = class {
  buf = Buffer.alloc(0);
  start = 0;
  length = 0;
  /** The record descriptor word as written, -1 when it is not a number. */
  rdw = 0;
  packed = false;
  /** Cut by the end of the input: a segment that misses data fields means a truncated file, not a bad record. */
  eof = false;
  offset = 0;
  line = 1;
};
var fillable = (layout) => layout.reduce(
  (n, s2) => s2.reserved || s2.type === "A" && !s2.required ? n : Math.max(n, s2.start + s2.length),
  0
);
var FILL = {
  header: [fillable(LAYOUTS.header.character), fillable(LAYOUTS.header.packed)],
  base: [fillable(LAYOUTS.base.character), fillable(LAYOUTS.base.packed)],
  trailer: [fillable(LAYOUTS.trailer.character), fillable(LAYOUTS.trailer.packed)]
};
var SEGMENT_FILL = Object.fromEntries(
  Object.keys(SEGMENT_LENGTHS).map((k) => [k, fillable(LAYOUTS[k].character)])
);
var ACCOUNT = [
  fieldsByName(BASE_LAYOUT).consumerAccountNumber,
  fieldsByName(PACKED_BASE_LAYOUT).consumerAccountNumber
];
function segmentAt(c0, c1) {
  const n = (c1 ?? 0) - 48;
  if (c0 === 74) return n === 1 ? "j1" : n === 2 ? "j2" : void 0;
  if (c0 === 75) return n === 1 ? "k1" : n === 2 ? "k2" : n === 3 ? "k3" : n === 4 ? "k4" : void 0;
  if (c0 === 76 && n === 1) return "l1";
  if (c0 === 78 && n === 1) return "n1";
  return void 0;
}
var isPadding = (b, from, to) => {
  for (let i = from; i < to; i++) if (b[i] !== 32 && b[i] !== 0) return false;
  return true;
};
var starts = (b, p, end, text2) => {
  if (p + text2.length > end) return false;
  for (let i = 0; i < text2.length; i++) if (b[p + i] !== text2.charCodeAt(i)) return false;
  return true;
};
function recordKind(b, start2, length) {
  const c = b[start2 + 4];
  if (c !== 72 && c !== 84) return "base";
  const end = start2 + length;
  return starts(b, start2 + 4, end, "HEADER") ? "header" : starts(b, start2 + 4, end, "TRAILER") ? "trailer" : "base";
}
var hasError = (issues2) => issues2?.some((i) => i.severity === "error") ?? false;
function truncated(f, what, need) {
  throw new Metro2ReadError(
    `the input ends inside ${what} (line ${f.line}): ${f.length} bytes where at least ${need} are needed`,
    f.offset
  );
}
function pad(r, f, kind) {
  const size = f.packed ? PACKED_RECORD_LENGTH : CHARACTER_RECORD_LENGTH;
  if (f.length >= size) return true;
  r.segmentName = kind;
  if (f.length >= FILL[kind][f.packed ? 1 : 0]) {
    r.issue(
      void 0,
      "segment.short",
      "warning",
      `the ${kind} record is ${f.length} bytes, not ${size}; blank-filled`
    );
  } else if (kind === "header" || f.eof) {
    truncated(f, `the ${kind} record`, FILL[kind][f.packed ? 1 : 0]);
  } else if (kind === "base") {
    r.issue(
      void 0,
      "record.length",
      "error",
      `the record is ${f.length} bytes, too short for a base segment (${size})`
    );
    return false;
  } else {
    r.issue(void 0, "segment.truncated", "error", `the trailer record is ${f.length} bytes, not ${size}`);
  }
  r.padTo(size);
  return true;
}
function extraData(r, f, kind, size) {
  if (f.length > size && !isPadding(f.buf, f.start + size, f.start + f.length)) {
    r.segmentName = kind;
    r.issue(
      void 0,
      "record.length",
      "error",
      `${f.length - size} bytes of data after the end of the ${kind} record`
    );
  }
}
function decodeHeaderRecord(r, f) {
  r.load(f.buf, f.start, f.length);
  pad(r, f, "header");
  const size = f.packed ? PACKED_RECORD_LENGTH : CHARACTER_RECORD_LENGTH;
  const header = decodeHeader(r, f.packed, size);
  if (f.length !== size && hasError(r.issues)) {
    const first = r.issues?.find((i) => i.severity === "error");
    throw new Metro2ReadError(
      `cannot read the header record (line ${f.line}): ${snippet(f.buf, f.start + 4, 24)} is ${f.length} bytes where ${size} are expected and its fields are misaligned (${first?.field ?? ""} ${first?.message ?? ""})`,
      f.offset
    );
  }
  extraData(r, f, "header", size);
  return header;
}
function decodeTrailerRecord(r, f) {
  r.load(f.buf, f.start, f.length);
  pad(r, f, "trailer");
  const size = f.packed ? PACKED_RECORD_LENGTH : CHARACTER_RECORD_LENGTH;
  const trailer = decodeTrailer(r, f.packed, size);
  extraData(r, f, "trailer", size);
  return trailer;
}
function decodeDataRecord(r, f) {
  r.load(f.buf, f.start, f.length);
  r.account = void 0;
  if (f.length < (f.packed ? PACKED_RECORD_LENGTH : CHARACTER_RECORD_LENGTH) && !pad(r, f, "base")) {
    unreadable(r, f);
    return void 0;
  }
  return decodeData(r, f, f.packed ? PACKED_RECORD_LENGTH : CHARACTER_RECORD_LENGTH);
}
function decodeData(r, f, size) {
  const base = decodeBase(r, f.packed, f.rdw < 0 ? 0 : f.rdw);
  const record = { base, j1: [], j2: [] };
  let end = Math.max(f.length, size);
  for (let q = size; q < end; ) {
    const b = r.buf;
    const at = r.textAt + q;
    const name = segmentAt(b[at], q + 1 < end ? b[at + 1] : void 0);
    if (name === void 0) {
      if (isPadding(b, at, r.textAt + end)) break;
      r.segment("base", 0);
      r.issue(
        void 0,
        "segment.unknown",
        "error",
        `no known segment identifier at position ${q + 1}: ${snippet(b, at, 12)}`
      );
      unreadable(r, f);
      return void 0;
    }
    const length = SEGMENT_LENGTHS[name];
    if (q + length > end) {
      r.segment(name, q);
      const have = end - q;
      if (have >= SEGMENT_FILL[name]) {
        r.issue(
          void 0,
          "segment.short",
          "warning",
          `the ${name.toUpperCase()} segment is ${have} bytes, not ${length}; blank-filled`
        );
      } else if (f.eof) {
        truncated(f, `a ${name.toUpperCase()} segment`, f.length - have + SEGMENT_FILL[name]);
      } else {
        r.issue(
          void 0,
          "segment.truncated",
          "error",
          `the ${name.toUpperCase()} segment is ${have} bytes, not ${length}`
        );
      }
      r.padTo(q + length);
      end = q + length;
    }
    appendSegment(r, record, name, q);
    q += length;
  }
  return record;
}
function appendSegment(r, record, name, q) {
  if (name === "j1") record.j1.push(decodeJ1(r, q));
  else if (name === "j2") record.j2.push(decodeJ2(r, q));
  else if (record[name] !== void 0) {
    r.segment(name, q);
    r.issue(
      void 0,
      "segment.duplicate",
      "error",
      `a second ${name.toUpperCase()} segment (CRRG: at most one); ignored`
    );
  } else if (name === "k1") record.k1 = decodeK1(r, q);
  else if (name === "k2") record.k2 = decodeK2(r, q);
  else if (name === "k3") record.k3 = decodeK3(r, q);
  else if (name === "k4") record.k4 = decodeK4(r, q);
  else if (name === "l1") record.l1 = decodeL1(r, q);
  else record.n1 = decodeN1(r, q);
}
function unreadable(r, f) {
  if (f.eof && f.rdw > f.length) {
    throw new Metro2ReadError(
      `the input ends ${f.rdw - f.length} bytes before the end of the last record (line ${f.line}), and what is there cannot be framed (${r.issues?.find((i) => i.rule === "segment.unknown" || i.rule === "record.length")?.message ?? "unreadable"})`,
      f.offset
    );
  }
  if (r.issues) r.issues = r.issues.filter((i) => !i.rule.startsWith("syntax."));
  const spec = ACCOUNT[f.packed ? 1 : 0];
  if (!spec || f.length < spec.start + spec.length) return;
  r.segment("base", 0);
  const account = r.A(spec);
  if (account !== "") r.account = account;
}

// src/metro2/framer.ts
var issue = (segment, rule, severity, message) => ({ segment, rule, severity, message });
var Framer = class {
  constructor(layout) {
    this.layout = layout;
  }
  layout;
  line = 1;
  /** Block descriptor words read. */
  blocks = 0;
  /** Records framed: header, data records and trailer. */
  framed = 0;
  /** Whether the last call to next() framed a record (into `record` and `position`). */
  ready = false;
  record = new Framed();
  position = { line: 1, offset: 0, length: 0 };
  blockLeft = 0;
  blockWord = 0;
  blockUnknown = false;
  carried = null;
  wrap = Buffer.alloc(16384);
  gathered = 0;
  /**
   * Frames the record at `p` of data[0, to) (`base` is the input offset of data[0]): skips line breaks and
   * reads a BDW first where one is due. Returns where it stopped; `ready` tells whether a record was framed.
   */
  next(data, p, to, final, base) {
    const L = this.layout;
    this.ready = false;
    for (; ; ) {
      while (p < to && !L.packed) {
        const b = data[p];
        if (b === 10) this.line++;
        else if (b !== 13) break;
        p++;
      }
      if (p >= to) return p;
      if (final && allFiller(data, p, to)) return to;
      if (!L.blocked || this.blockLeft > 0) break;
      if (to - p < 4) {
        if (!final) return p;
        throw new Metro2ReadError(
          `the input ends inside a block descriptor word: ${snippet(data, p)}`,
          base + p
        );
      }
      this.readBlockWord(data, p, base + p);
      p += 4;
    }
    const f = this.record;
    const line = this.line;
    let next;
    let span;
    if (L.lines) {
      let lf = data.indexOf(10, p);
      const eof = lf < 0;
      if (eof || lf - p > MAX_LINE) {
        if (to - p > MAX_LINE) {
          throw new Metro2ReadError(
            `line ${line} is longer than ${MAX_LINE} bytes: no Metro 2 record is`,
            base + p
          );
        }
        if (!final) return p;
        lf = to;
      }
      const end = lf > p && data[lf - 1] === 13 ? lf - 1 : lf;
      f.buf = data;
      f.start = p;
      f.length = end - p;
      f.rdw = digits4(data, p);
      f.eof = eof;
      next = lf;
      span = end - p;
    } else if (L.breaks === "none" || L.packed) {
      if (to - p < 4) {
        if (!final) return p;
        throw new Metro2ReadError(
          `${to - p} unexpected bytes at the end of the input: ${snippet(data, p)}`,
          base + p
        );
      }
      const rdw = this.recordWord(L.packed ? binaryWord(data, p) : digits4(data, p), data, p, base + p);
      if (to - p < rdw && !final) return p;
      const length = Math.min(rdw, to - p);
      f.buf = data;
      f.start = p;
      f.length = length;
      f.rdw = rdw;
      f.eof = length < rdw;
      next = p + length;
      span = length;
    } else {
      if (this.gather(data, p, to, 4, base + p) < 0) {
        if (!final) return p;
        throw new Metro2ReadError(`unexpected bytes at the end of the input: ${snippet(data, p)}`, base + p);
      }
      const rdw = this.recordWord(digits4(this.wrap, 0), data, p, base + p);
      const end = this.gather(data, p, to, rdw, base + p);
      if (end < 0 && !final) return p;
      next = end < 0 ? to : end;
      f.buf = this.wrap;
      f.start = 0;
      f.length = end < 0 ? this.gathered : rdw;
      f.rdw = rdw;
      f.eof = f.length < rdw;
      span = next - p;
      for (let i = p; i < next; i++) if (data[i] === 10) this.line++;
    }
    f.packed = L.packed;
    f.offset = base + p;
    f.line = line;
    this.position = { line, offset: base + p, length: span };
    this.framed++;
    this.ready = true;
    return next;
  }
  /** The framing findings on the record just framed (descriptor words, block accounting), or null. */
  issuesOf(seg) {
    const L = this.layout;
    const f = this.record;
    let issues2 = this.carried;
    this.carried = null;
    if (L.lines && f.rdw !== f.length) {
      const message = f.rdw < 0 ? `the record descriptor word ${snippet(f.buf, f.start, 4, false)} is not a number; the record is framed by its line` : `the record descriptor word says ${f.rdw} bytes, the line holds ${f.length}`;
      (issues2 ??= []).push(issue(seg, "descriptor.rdw", "warning", message));
    } else if (f.eof && f.length < f.rdw) {
      const message = `the input ends ${f.rdw - f.length} bytes before the end the RDW gives`;
      (issues2 ??= []).push(issue(seg, "descriptor.rdw", "warning", message));
    }
    if (L.blocked) issues2 = this.countBlock(seg, issues2);
    return issues2;
  }
  /** The BDW of the block this record opens, 0 when it does not open one (moov reports it on that record). */
  takeBlockWord() {
    const bdw = this.blockWord;
    this.blockWord = 0;
    return bdw;
  }
  /** Findings on the file as a whole once it has ended. */
  endIssues() {
    if (!this.layout.blocked || this.blockLeft <= 0) return [];
    return [
      issue(
        "file",
        "descriptor.bdw",
        "error",
        `the last block ends ${this.blockLeft} bytes before its BDW says`
      )
    ];
  }
  readBlockWord(data, p, offset) {
    const L = this.layout;
    const bdw = L.packed ? binaryWord(data, p) : digits4(data, p);
    this.blocks++;
    if (bdw >= 8 && plausibleLength(bdw - 4, L.packed)) {
      this.blockLeft = bdw - 4;
      this.blockWord = bdw;
      return;
    }
    if (!L.lines)
      throw new Metro2ReadError(`invalid block descriptor word ${snippet(data, p, 4, false)}`, offset);
    const message = `the block descriptor word ${snippet(data, p, 4, false)} is not a block length`;
    (this.carried ??= []).push(issue("file", "descriptor.bdw", "error", message));
    this.blockLeft = 1;
    this.blockWord = 0;
    this.blockUnknown = true;
  }
  recordWord(rdw, data, p, offset) {
    if (plausibleLength(rdw, this.layout.packed)) return rdw;
    throw new Metro2ReadError(
      `invalid record descriptor word ${snippet(data, p, 4, false)}: no record can be framed`,
      offset
    );
  }
  /** Copies `want` bytes of a wrapped record into `wrap`, line breaks left out; returns the end or -1. */
  gather(data, p, to, want, offset) {
    if (this.wrap.length < want) this.wrap = Buffer.alloc(want);
    const w = this.wrap;
    let n = 0;
    let i = p;
    for (; i < to && n < want; i++) {
      const b = data[i] ?? 0;
      if (b !== 10 && b !== 13) w[n++] = b;
      else if (i - p > MAX_LINE)
        throw new Metro2ReadError(`a record spans more than ${MAX_LINE} bytes`, offset);
    }
    this.gathered = n;
    return n === want ? i : -1;
  }
  /** BDW accounting (CRRG: the BDW is the length of its block): a record past its block, or a block left short. */
  countBlock(seg, issues2) {
    const L = this.layout;
    const f = this.record;
    this.blockLeft -= L.lines ? f.length : f.rdw;
    let out = issues2;
    if (this.blockLeft < 0) {
      const message = `the record runs ${-this.blockLeft} bytes past the end of its block`;
      (out ??= []).push(issue(seg, "descriptor.bdw", "error", message));
      this.blockLeft = 0;
    } else if (this.blockLeft > 0 && !plausibleLength(this.blockLeft, L.packed) && !L.lines) {
      const message = `the block has ${this.blockLeft} bytes left: too few for a record`;
      (out ??= []).push(issue(seg, "descriptor.bdw", "error", message));
      this.blockLeft = 0;
    }
    if (this.blockUnknown) this.blockLeft = 0;
    this.blockUnknown = false;
    return out;
  }
};
var isFiller = (b) => b === 32 || b === 0 || b === 10 || b === 13 || b === 26;
function allFiller(d, p, to) {
  for (let i = p; i < to; i++) if (!isFiller(d[i])) return false;
  return true;
}

// src/metro2/scan-record.ts
var TEXT = 0;
var NUMBER = 1;
var DATE = 2;
var STAMP = 3;
function plan(layout) {
  const specs = layout.filter((s2) => !s2.reserved && valueTypeOf(s2) !== "W");
  const kinds = Uint8Array.from(specs, (s2) => {
    const t = valueTypeOf(s2);
    return t === "A" ? TEXT : t === "N" ? NUMBER : t === "D" ? DATE : STAMP;
  });
  return { specs, kinds };
}
var PLANS = Object.fromEntries(
  Object.keys(LAYOUTS).map((k) => [
    k,
    [plan(LAYOUTS[k].character), plan(LAYOUTS[k].packed)]
  ])
);
function scanPlan(r, p, t) {
  let sum = 0;
  const { specs, kinds } = p;
  for (let i = 0; i < specs.length; i++) {
    const s2 = specs[i];
    const kind = kinds[i];
    if (kind === TEXT) sum += r.A(s2).length;
    else if (kind === NUMBER) sum += r.N(s2);
    else if (kind === DATE) sum += r.D(s2)?.length ?? 0;
    else sum += r.T(s2)?.length ?? 0;
  }
  t.fields += specs.length;
  t.checksum = (t.checksum + sum) % 1e15;
}
function scanFramed(r, f, t) {
  const size = f.packed ? PACKED_RECORD_LENGTH : CHARACTER_RECORD_LENGTH;
  r.load(f.buf, f.start, f.length);
  if (f.length < size) r.padTo(size);
  const kind = recordKind(f.buf, f.start, f.length);
  r.segment(kind, 0);
  scanPlan(r, PLANS[kind][f.packed ? 1 : 0], t);
  t.records++;
  if (kind !== "base") return;
  for (let q = size; q + 2 <= f.length; ) {
    const name = segmentAt(r.buf[r.textAt + q], r.buf[r.textAt + q + 1]);
    if (name === void 0 || q + SEGMENT_LENGTHS[name] > f.length) return;
    r.segment(name, q);
    scanPlan(r, PLANS[name][0], t);
    q += SEGMENT_LENGTHS[name];
  }
}

// src/metro2/parser.ts
var STRADDLE = 8192;
var MAX_UNREADABLE_RUN = 100;
var toBuffer = (c) => Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
var merge = (a, b) => a === null ? b ?? [] : b === null ? a : a.concat(b);
var Metro2Parser = class {
  r = new FieldReader();
  framer;
  /** Bytes of a record (or of the detection window) that a chunk ended inside. */
  pending = Buffer.alloc(0);
  pendingLength = 0;
  /** Input offset of the first byte not yet consumed. */
  offset = 0;
  records = 0;
  readable = 0;
  unreadableRun = 0;
  afterTrailer = false;
  failure;
  done = false;
  /** Set by bareScan: records are converted field by field, no event is built. */
  scan;
  push(chunk) {
    return this.guard(() => {
      const out = [];
      const c = toBuffer(chunk);
      let from = 0;
      if (this.pendingLength > 0) {
        const old = this.pendingLength;
        const head = this.framer ? Math.min(c.length, STRADDLE) : c.length;
        this.append(c.subarray(0, head));
        const used = this.run(this.pending, 0, this.pendingLength, false, out);
        if (used < old || head === c.length) {
          this.keep(this.pending, used, this.pendingLength);
          if (head === c.length) return out;
          this.append(c.subarray(head));
          this.keep(
            this.pending,
            this.run(this.pending, 0, this.pendingLength, false, out),
            this.pendingLength
          );
          return out;
        }
        from = used - old;
        this.pendingLength = 0;
      }
      this.keep(c, this.run(c, from, c.length, false, out), c.length);
      return out;
    });
  }
  end() {
    return this.guard(() => {
      const out = [];
      this.run(this.pending, 0, this.pendingLength, true, out);
      this.pendingLength = 0;
      this.done = true;
      const framer = this.framer;
      const L = framer?.layout;
      const summary = {
        format: L?.packed ? "packed" : L?.blocked ? "variable" : "fixed",
        lineBreaks: L?.breaks ?? "none",
        framing: L?.lines ? "lines" : "descriptors",
        blockCount: (L?.blocked ? framer?.blocks : framer?.framed) ?? 0,
        bytes: this.offset,
        records: this.records
      };
      out.push({ kind: "end", summary, issues: framer?.endIssues() ?? [] });
      return out;
    });
  }
  guard(work) {
    if (this.failure !== void 0) throw this.failure;
    if (this.done) throw new Error("Metro2Parser: end() was already called");
    try {
      return work();
    } catch (e) {
      this.failure = e instanceof Error ? e : new Error(String(e));
      throw this.failure;
    }
  }
  append(c) {
    const need = this.pendingLength + c.length;
    if (need > this.pending.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, this.pending.length * 2, 4096));
      this.pending.copy(grown, 0, 0, this.pendingLength);
      this.pending = grown;
    }
    c.copy(this.pending, this.pendingLength);
    this.pendingLength = need;
  }
  /** Keeps the unconsumed bytes [used, to) of `data` for the next push; `data` may be the caller's chunk. */
  keep(data, used, to) {
    const rest = to - used;
    if (data === this.pending) {
      if (rest > 0 && used > 0) this.pending.copyWithin(0, used, to);
    } else if (rest > 0) {
      if (this.pending.length < rest) this.pending = Buffer.allocUnsafe(Math.max(rest, 4096));
      data.copy(this.pending, 0, used, to);
    }
    this.pendingLength = rest;
  }
  /** Frames and decodes the records of data[from, to); returns where it stopped (bytes before are consumed). */
  run(whole, from, to, final, out) {
    const data = whole.subarray(0, to);
    const base = this.offset - from;
    let p = from;
    if (this.framer === void 0) {
      if (to - from < DETECT_BYTES && !final) return from;
      const layout = detectLayout(data, from, to, final);
      this.framer = new Framer(layout);
      p = layout.start;
    }
    const framer = this.framer;
    for (; ; ) {
      p = framer.next(data, p, to, final, base);
      if (!framer.ready) break;
      this.emit(framer, out);
    }
    this.offset = base + p;
    return p;
  }
  emit(framer, out) {
    const f = framer.record;
    const position = framer.position;
    const kind = recordKind(f.buf, f.start, f.length);
    let issues2 = framer.issuesOf(kind);
    if (this.afterTrailer)
      (issues2 ??= []).push({
        segment: kind,
        rule: "record.order",
        severity: "warning",
        message: "a record after the trailer record"
      });
    const bdw = framer.takeBlockWord();
    const r = this.r;
    if (this.scan) {
      scanFramed(r, f, this.scan);
      if (kind === "base") this.records++;
    } else if (kind === "base") {
      const record = decodeDataRecord(r, f);
      const all = merge(issues2, r.issues);
      if (record !== void 0) {
        if (bdw > 0) record.base.blockDescriptorWord = bdw;
        this.readable++;
        this.unreadableRun = 0;
        out.push({ kind: "record", record, recordNo: ++this.records, position, issues: all });
        return;
      }
      if (++this.unreadableRun >= MAX_UNREADABLE_RUN && this.readable === 0) {
        const message = `${MAX_UNREADABLE_RUN} unreadable records in a row and none readable: not Metro 2 data`;
        throw new Metro2ReadError(message, position.offset);
      }
      const recordNo = ++this.records;
      out.push(
        r.account === void 0 ? { kind: "unreadable", recordNo, position, issues: all } : { kind: "unreadable", recordNo, position, issues: all, account: r.account }
      );
    } else if (kind === "header") {
      const header = decodeHeaderRecord(r, f);
      if (bdw > 0) header.blockDescriptorWord = bdw;
      out.push({ kind: "header", header, position, issues: merge(issues2, r.issues) });
    } else {
      const trailer = decodeTrailerRecord(r, f);
      if (bdw > 0) trailer.blockDescriptorWord = bdw;
      this.afterTrailer = true;
      out.push({ kind: "trailer", trailer, position, issues: merge(issues2, r.issues) });
    }
  }
};

// src/metro2/reader.ts
async function* readMetro2(source2) {
  const parser = new Metro2Parser();
  for await (const chunk of source2) yield parser.push(chunk);
  yield parser.end();
}

// src/metro2/bare-scan.ts
var BareScanner = class extends Metro2Parser {
  totals;
  constructor() {
    const totals = { records: 0, fields: 0, checksum: 0 };
    super();
    this.totals = totals;
    this.scan = totals;
  }
};

// src/metro2/trailer-counter.ts
var STATUS = new Map(
  TRAILER_STATUS_CODES.map((code3) => [code3, `totalStatusCode${code3}`])
);
function filled(v) {
  if (v === null || v === "" || v === 0 || v === void 0) return true;
  const s2 = typeof v === "number" ? String(v) : typeof v === "string" ? v : "x";
  for (let i = 0; i < s2.length; i++) if (s2.charCodeAt(i) !== 57) return false;
  return true;
}
function reportsNothing(segment, layout) {
  const values = segment;
  for (const s2 of layout) {
    if (s2.reserved || s2.name === "segmentIdentifier" || valueTypeOf(s2) === "W") continue;
    if (!filled(values[s2.name])) return false;
  }
  return true;
}

// src/metro2/history-codes.ts
var STATUS_LEVEL = /* @__PURE__ */ new Map([
  ["11", 0],
  ["71", 1],
  ["78", 2],
  ["80", 3],
  ["82", 4],
  ["83", 5],
  ["84", 6]
]);

// src/metro2/moov-json.ts
import { z } from "zod";
var SINGLE = ["k1", "k2", "k3", "k4", "l1", "n1"];
var ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?)?$/;
function moovTime(kind) {
  return z.union([z.null(), z.string()]).transform((v, ctx) => {
    if (v === null || v.startsWith("0001-01-01")) return null;
    const m = ISO.exec(v);
    const [y, mo, d, h = "00", mi = "00", s2 = "00"] = m?.slice(1) ?? [];
    const date2 = m ? isoDate(Number(y), Number(mo), Number(d)) : "";
    if (date2 === "" || Number(h) > 23 || Number(mi) > 59 || Number(s2) > 59) {
      ctx.addIssue({
        code: "custom",
        message: `'${v}' is not a ${kind === "D" ? "date YYYY-MM-DD" : "timestamp YYYY-MM-DDTHH:MM:SSZ"}`
      });
      return z.NEVER;
    }
    return kind === "D" ? date2 : `${date2}T${h}:${mi}:${s2}`;
  });
}
var latin1Text = (v) => {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 32 || c >= 127 && c < 160 || c > 255) return false;
  }
  return true;
};
function fieldSchema(s2) {
  switch (valueTypeOf(s2)) {
    case "W":
      return z.number().int().min(0).max(65535);
    case "A":
      return z.string().max(s2.length).refine(latin1Text, "must be Latin-1 text without control characters");
    case "N":
      return z.number().int().min(0).max(10 ** s2.length - 1);
    case "D":
      return moovTime("D");
    case "T":
      return moovTime("T");
  }
}
function segmentSchema(layout, id2, extra = {}) {
  const shape = {};
  for (const s2 of layout) {
    if (s2.reserved) continue;
    const identifier = s2.name === "segmentIdentifier" || s2.name === "recordIdentifier";
    shape[s2.name] = (identifier && id2 ? z.literal(id2) : fieldSchema(s2)).optional();
  }
  return z.strictObject({ ...shape, ...extra });
}
var descriptor = { blockDescriptorWord: z.number().int().min(0).max(65535).optional() };
var segments = Object.fromEntries(
  SINGLE.map((k) => [
    k,
    segmentSchema(
      LAYOUTS[k].character,
      k.toUpperCase(),
      k === "l1" ? { balloonPaymentDueDate: z.string().max(20).optional() } : {}
    )
  ])
);
var recordSchema = z.strictObject({
  base: segmentSchema(LAYOUTS.base.character, void 0, descriptor),
  j1: z.array(segmentSchema(LAYOUTS.j1.character, "J1")).optional(),
  j2: z.array(segmentSchema(LAYOUTS.j2.character, "J2")).optional(),
  ...Object.fromEntries(Object.entries(segments).map(([k, s2]) => [k, s2.optional()]))
});
var fileSchema = z.strictObject({
  header: segmentSchema(LAYOUTS.header.character, "HEADER", descriptor).optional(),
  data: z.array(recordSchema),
  trailer: segmentSchema(LAYOUTS.trailer.character, "TRAILER", descriptor).optional()
});

// src/metro2/rules.ts
var METRO2_SYNTAX_RULES = [
  {
    id: "syntax.numeric",
    severity: "error",
    description: "A numeric field holds something other than digits (read as 0)."
  },
  {
    id: "syntax.date",
    severity: "error",
    description: "A date or timestamp field is not a real date MMDDYYYY[HHMMSS] (read as null)."
  },
  {
    id: "syntax.packed",
    severity: "error",
    description: "A packed (COMP-3) field has a nibble that is not a digit or a sign (read as 0 or null)."
  },
  {
    id: "syntax.sign",
    severity: "error",
    description: "A packed field carries the negative sign D in an unsigned field (read as 0)."
  },
  {
    id: "segment.unknown",
    severity: "error",
    description: "Data after the base segment does not start with a known segment identifier: the record cannot be framed."
  },
  {
    id: "segment.truncated",
    severity: "error",
    description: "A segment ends before its last data field; the missing part was read as blanks."
  },
  {
    id: "segment.short",
    severity: "warning",
    description: "A record or segment ends early, but only where blanks may stand (filler, optional text); it was blank-filled."
  },
  {
    id: "segment.duplicate",
    severity: "error",
    description: "A K1, K2, K3, K4, L1 or N1 segment appears twice in one record (CRRG: at most one); the first is kept."
  },
  {
    id: "record.length",
    severity: "error",
    description: "A record is too short to hold a base segment, or carries data after the end of a header or trailer."
  },
  { id: "record.order", severity: "warning", description: "A record follows the trailer record." },
  {
    id: "descriptor.rdw",
    severity: "warning",
    description: "The record descriptor word disagrees with the record as framed by its line, or is not a number."
  },
  {
    id: "descriptor.bdw",
    severity: "error",
    description: "A block descriptor word is not a number or disagrees with the records of its block."
  }
];

// src/metro2/metro2.cli.ts
import { Option } from "commander";

// src/furnishing/jsonl.model.ts
import { z as z2 } from "zod";

// src/identity/national-id.ts
var NATIONAL_ID_TYPES = ["us-ssn", "cn-rid", "hu-tax"];
var CN_PROVINCES = new Set(
  "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83".split(
    " "
  )
);

// src/identity/sealed-identity.store.ts
import { sql as sql2 } from "kysely";

// src/platform/planned.ts
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler
} from "kysely";
var compiler = new Kysely({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler()
  }
});

// src/identity/pii-crypto.ts
var POOL_BYTES = 1 << 16;
var pool = Buffer.alloc(0);

// src/identity/identity.store.ts
import { sql as sql3 } from "kysely";

// src/furnishing/jsonl.model.ts
var text = (max) => z2.string().max(max);
var amount = z2.number().int().min(0).max(999999999);
var date = z2.string().regex(/^\d{4}-\d{2}-\d{2}(T00:00:00Z)?$/, "a date is YYYY-MM-DD").transform((s2) => s2.slice(0, 10));
var optionalDate = date.nullable().default(null);
var nationalId = z2.strictObject({ type: z2.enum(NATIONAL_ID_TYPES), value: z2.string().min(1).max(40) });
var consumerFields = {
  surname: text(25).min(1),
  firstName: text(20).min(1),
  middleName: text(20).default(""),
  generationCode: text(1).default(""),
  socialSecurityNumber: z2.number().int().min(0).max(999999999).default(0),
  /** Any supported national ID (a Chinese resident ID, a Hungarian tax number...); never stored in clear. */
  nationalId: nationalId.optional(),
  dateBirth: optionalDate,
  telephoneNumber: z2.number().int().min(0).max(9999999999).default(0),
  ecoaCode: text(1).min(1),
  consumerInformationIndicator: text(2).default("")
};
var addressFields = {
  countryCode: text(2).default(""),
  firstLineAddress: text(32).min(1),
  secondLineAddress: text(32).default(""),
  city: text(20).min(1),
  state: text(2).default(""),
  zipCode: text(9).min(1),
  addressIndicator: text(1).default(""),
  residenceCode: text(1).default("")
};
var mechanics = {
  blockDescriptorWord: z2.number().int().optional(),
  recordDescriptorWord: z2.number().int().optional(),
  processingIndicator: z2.number().int().optional(),
  timeStamp: z2.string().optional(),
  correctionIndicator: z2.number().int().optional()
};
var jsonlBaseSchema = z2.strictObject({
  ...mechanics,
  identificationNumber: text(20).min(1),
  cycleIdentifier: text(2).default(""),
  consumerAccountNumber: text(30).min(1),
  portfolioType: text(1).min(1),
  accountType: text(2).min(1),
  dateOpened: date,
  creditLimit: amount.default(0),
  highestCredit: amount.default(0),
  termsDuration: text(3).min(1),
  termsFrequency: text(1).default(""),
  scheduledMonthlyPaymentAmount: amount.default(0),
  actualPaymentAmount: amount.default(0),
  accountStatus: text(2).min(1),
  paymentRating: text(1).default(""),
  paymentHistoryProfile: z2.string().length(24),
  specialComment: text(2).default(""),
  complianceConditionCode: text(2).default(""),
  currentBalance: amount,
  amountPastDue: amount.default(0),
  originalChargeOffAmount: amount.default(0),
  dateAccountInformation: date,
  dateFirstDelinquency: optionalDate,
  dateClosed: optionalDate,
  dateLastPayment: optionalDate,
  interestTypeIndicator: text(1).default(""),
  ...consumerFields,
  ...addressFields
});
var j1 = z2.strictObject({ segmentIdentifier: z2.literal("J1").default("J1"), ...consumerFields });
var j2 = z2.strictObject({
  segmentIdentifier: z2.literal("J2").default("J2"),
  ...consumerFields,
  ...addressFields
});
var funder = z2.strictObject({
  funder: text(100).min(1).describe("member id or legal name of the institution that funds part of the loan"),
  share: z2.number().gt(0).max(1).describe("share of the principal it funds, and of the default risk it bears")
});
var ALTERNATIVE_PAYMENT_KINDS = ["utility", "telecom", "rent"];
var ALTERNATIVE_PAYMENT_ACCOUNT_TYPES = {
  utility: "92",
  telecom: "4D",
  rent: "29"
};
var jsonlRecordSchema = z2.strictObject({
  base: jsonlBaseSchema,
  j1: z2.array(j1).default([]),
  j2: z2.array(j2).default([]),
  k1: z2.strictObject({
    segmentIdentifier: z2.literal("K1").default("K1"),
    originalCreditorName: text(30).min(1),
    creditorClassification: z2.number().int().min(0).max(99)
  }).optional(),
  k2: z2.strictObject({
    segmentIdentifier: z2.literal("K2").default("K2"),
    purchasedIndicator: z2.number().int().min(0).max(9),
    purchasedName: text(30)
  }).optional(),
  k3: z2.strictObject({
    segmentIdentifier: z2.literal("K3").default("K3"),
    agencyIdentifier: z2.number().int().min(0).max(99).default(0),
    accountNumber: text(18).default(""),
    mortgageIdentificationNumber: text(18).default("")
  }).optional(),
  k4: z2.strictObject({
    segmentIdentifier: z2.literal("K4").default("K4"),
    specializedPaymentIndicator: z2.number().int().min(0).max(99),
    deferredPaymentStartDate: optionalDate,
    balloonPaymentDueDate: optionalDate,
    balloonPaymentAmount: amount.default(0)
  }).optional(),
  // CRRG L1: an account number or identification number change, in moov-io/metro2's property names.
  l1: z2.strictObject({
    segmentIdentifier: z2.literal("L1").default("L1"),
    changeIndicator: z2.number().int().min(0).max(9),
    newConsumerAccountNumber: text(30).default(""),
    newIdentificationNumber: text(20).default("")
  }).optional(),
  funders: z2.array(funder).min(1).max(50).optional(),
  alternativePayment: z2.strictObject({ kind: z2.enum(ALTERNATIVE_PAYMENT_KINDS) }).optional()
}).superRefine((r, ctx) => {
  if (r.funders) {
    const total3 = r.funders.reduce((s2, f) => s2 + f.share, 0);
    if (Math.abs(total3 - 1) > 1e-6) {
      ctx.addIssue({
        code: "custom",
        path: ["funders"],
        message: `the funders' shares add up to ${total3.toFixed(4)}, not 1`
      });
    }
  }
  if (r.alternativePayment) {
    const want = ALTERNATIVE_PAYMENT_ACCOUNT_TYPES[r.alternativePayment.kind];
    if (r.base.portfolioType !== "O" || r.base.accountType !== want) {
      ctx.addIssue({
        code: "custom",
        path: ["alternativePayment"],
        message: `a ${r.alternativePayment.kind} payment account is portfolio type O with account type ${want}`
      });
    }
  }
});

// src/furnishing/jsonl.ts
var MAX_LINE_BYTES = 1 << 20;

// src/furnishing/ingest.store.ts
import { sql as sql4 } from "kysely";

// src/furnishing/validation/trailer-totals.ts
var snake = (name) => name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/([a-z])([0-9])/g, "$1_$2").replace(/([A-Z])([A-Z][a-z])/g, "$1_$2").toLowerCase();
var total2 = (field2, label2) => ({
  field: field2,
  rule: `file.trailer.${snake(field2)}`,
  label: label2
});
var STATUS_CODES = [
  "DF",
  "DA",
  "05",
  "11",
  "13",
  "61",
  "62",
  "63",
  "64",
  "65",
  "71",
  "78",
  "80",
  "82",
  "83",
  "84",
  "88",
  "89",
  "93",
  "94",
  "95",
  "96",
  "97"
];
var TRAILER_TOTALS = [
  total2("totalBaseRecords", "Total Base Records"),
  ...STATUS_CODES.map((code3) => total2(`totalStatusCode${code3}`, `Total of Status Code ${code3}`)),
  total2("totalConsumerSegmentsJ1", "Total J1 Segments"),
  total2("totalConsumerSegmentsJ2", "Total J2 Segments"),
  total2("blockCount", "Block Count"),
  total2("totalECOACodeZ", "Total ECOA Code Z"),
  total2("totalEmploymentSegments", "Total Employment (N1) Segments"),
  total2("totalOriginalCreditorSegments", "Total Original Creditor (K1) Segments"),
  total2("totalPurchasedToSegments", "Total Purchased From/Sold To (K2) Segments"),
  total2("totalMortgageInformationSegments", "Total Mortgage Information (K3) Segments"),
  total2("totalPaymentInformationSegments", "Total Specialized Payment Information (K4) Segments"),
  total2("totalChangeSegments", "Total Change (L1) Segments"),
  total2("totalSocialNumbersAllSegments", "Total Social Security Numbers, all segments"),
  total2("totalSocialNumbersBaseSegments", "Total Social Security Numbers, Base Segments"),
  total2("totalSocialNumbersJ1Segments", "Total Social Security Numbers, J1 Segments"),
  total2("totalSocialNumbersJ2Segments", "Total Social Security Numbers, J2 Segments"),
  total2("totalDatesBirthAllSegments", "Total Dates of Birth, all segments"),
  total2("totalDatesBirthBaseSegments", "Total Dates of Birth, Base Segments"),
  total2("totalDatesBirthJ1Segments", "Total Dates of Birth, J1 Segments"),
  total2("totalDatesBirthJ2Segments", "Total Dates of Birth, J2 Segments"),
  total2("totalTelephoneNumbersAllSegments", "Total Telephone Numbers, all segments")
];

// src/furnishing/validation/rules.ts
var error = (id2, description) => ({ id: id2, severity: "error", description });
var warning = (id2, description) => ({
  id: id2,
  severity: "warning",
  description
});
var VALIDATION_RULES = [
  // Field syntax and code lists (CRRG Chapter 4 field definitions, Chapter 5 exhibits).
  error("code.portfolio_type", "Portfolio Type is C, I, M, O or R (CRRG field 8)"),
  error("code.account_type", "Account Type is a code of CRRG Exhibit 1"),
  error("code.account_status", "Account Status is a code of CRRG Exhibit 4"),
  error("code.payment_rating", "Payment Rating is 0-6, G or L (CRRG field 17B)"),
  error(
    "code.payment_rating_presence",
    "Payment Rating is reported exactly for Account Status 05, 13, 65, 88, 89, 94, 95"
  ),
  error(
    "code.payment_history",
    "Payment History Profile is 24 characters from 0-6, B, D, E, G, H, J, K, L (Exhibit 5)"
  ),
  error(
    "code.payment_history_embedded_b",
    "Payment History Profile uses B only to fill its ending positions"
  ),
  error("code.special_comment", "Special Comment is blank or a code of CRRG Exhibits 6/7"),
  error("code.compliance_condition", "Compliance Condition Code is blank or a code of CRRG Exhibit 8"),
  error("code.ecoa", "ECOA Code is 1, 2, 3, 5, 7, T, W, X or Z (CRRG Exhibit 10)"),
  error(
    "code.consumer_information_indicator",
    "Consumer Information Indicator is blank or a code of Exhibit 11"
  ),
  error("code.interest_type", "Interest Type Indicator is F, V or blank (CRRG field 28)"),
  error(
    "code.terms_frequency",
    "Terms Frequency is D, P, W, B, E, M, L, Q, T, S or Y (Exhibit 3); blank only for Open"
  ),
  error("code.generation_code", "Generation Code is J, S, 2-9 or blank"),
  error("code.address_indicator", "Address Indicator is C, Y, N, M, S, B, U, D, P or blank"),
  error("code.residence_code", "Residence Code is O, R or blank"),
  error("code.country_code", "Country Code is blank or an ISO 3166-1 alpha-2 code (CRRG Exhibit 12)"),
  error(
    "code.state",
    "State of a US address is a USPS state, DC, territory or military code (CRRG Exhibit 14)"
  ),
  error("required.identification_number", "Identification Number is reported, not blank, zero or 9 filled"),
  error("required.consumer_account_number", "Consumer Account Number is reported"),
  error("required.date_opened", "Date Opened is reported"),
  error("required.date_account_information", "Date of Account Information is reported"),
  error("required.surname", "Surname is reported (base, J1, J2)"),
  error("required.first_name", "First Name is reported (base, J1, J2)"),
  error("required.first_line_address", "First Line of Address is reported (base, J2)"),
  error("required.city", "City is reported (base, J2)"),
  error("required.state", "State is reported for a US address (base, J2)"),
  error("required.zip_code", "Postal/Zip Code is reported for a US address (base, J2)"),
  error("required.ecoa_code", "ECOA Code is reported (base, J1, J2)"),
  error("code.l1_change_indicator", "L1 Change Indicator is 1, 2 or 3 (CRRG L1 field 2)"),
  error(
    "required.l1_new_account_number",
    "L1 New Consumer Account Number is reported for Change Indicator 1 or 3"
  ),
  error(
    "required.l1_new_identification_number",
    "L1 New Identification Number is reported for Change Indicator 2 or 3"
  ),
  // Agreement between the fields of one record.
  error(
    "cross.dofd_required",
    "Delinquent, derogatory and bankruptcy accounts report a Date of First Delinquency"
  ),
  warning(
    "cross.dofd_unexpected",
    "A current account without a bankruptcy indicator has no Date of First Delinquency"
  ),
  error(
    "cross.paid_closed",
    "A paid or closed account (13, 61-65) reports a Date Closed or a zero Current Balance"
  ),
  error("cross.past_due_over_balance", "Amount Past Due is not above the Current Balance"),
  warning("cross.current_past_due", "A current account (status 11) has no Amount Past Due"),
  warning(
    "cross.history_status",
    "Account Status is at most one 30-day step worse than the previous month in the history"
  ),
  error("cross.future_date", "No date of the record is after the validation date"),
  error(
    "cross.date_order",
    "Date Opened <= DOFD <= DOAI, Date Opened <= Date Closed, Date of Last Payment <= DOAI"
  ),
  warning(
    "cross.portfolio_account_type",
    "Account Type is listed under the Portfolio Type in CRRG Exhibit 2"
  ),
  // Against the furnisher's previous report of the same account.
  error(
    "mom.doai_regressed",
    "Date of Account Information is not earlier than the last one reported for the account"
  ),
  error(
    "mom.reaging",
    "The DOFD of an account still delinquent does not move later (re-aging, FCRA \xA7623(a)(5))"
  ),
  warning("mom.dofd_moved_earlier", "The DOFD of an account still delinquent does not change"),
  error("mom.history_shift", "Payment History Profile advances by the months elapsed since the last report"),
  warning(
    "mom.history_rewritten",
    "Payment History Profile keeps the months reported before (changes are corrections)"
  ),
  warning(
    "mom.history_status",
    "Payment History Profile shows the Account Status last reported for that month"
  ),
  warning("mom.vanished_account", "An account last reported open and not final is still reported"),
  // The file as a whole.
  error("file.trailer_missing", "The file ends with a Trailer Record"),
  ...TRAILER_TOTALS.map((t) => error(t.rule, `Trailer ${t.label} equals the count of the file`)),
  warning(
    "file.issues_truncated",
    "The report lists a bounded number of issues (10,000); the rest are only counted"
  )
];
var BY_ID = new Map(VALIDATION_RULES.map((r) => [r.id, r]));
function severityOf(rule) {
  const info = BY_ID.get(rule);
  if (!info) throw new Error(`rule ${rule} is not in VALIDATION_RULES`);
  return info.severity;
}

// src/furnishing/validation/code-table.ts
var ONE_CHAR_SLOTS = 128;
var CodeTable = class _CodeTable {
  values = new Int8Array(ONE_CHAR_SLOTS + ONE_CHAR_SLOTS * ONE_CHAR_SLOTS).fill(-1);
  /** The codes with a small value each (0-127): a bit mask, a level; 0 when the table is only a set. */
  constructor(entries) {
    for (const [code3, value] of entries) {
      const slot = slotOf(code3);
      if (slot < 0 || !Number.isInteger(value) || value < 0 || value > 127)
        throw new Error(`code "${code3}" with value ${value} does not fit a CodeTable`);
      this.values[slot] = value;
    }
  }
  /** A plain set of codes, written as in the CRRG: separated by single spaces. */
  static of(codes) {
    return new _CodeTable(codes.split(" ").map((code3) => [code3, 0]));
  }
  /** The value of the code, or -1 when it is not in the list (a code of any other length is never in it). */
  get(code3) {
    if (typeof code3 !== "string") return -1;
    const length = code3.length;
    if (length === 1) {
      const c = code3.charCodeAt(0);
      return c < ONE_CHAR_SLOTS ? this.values[c] ?? -1 : -1;
    }
    if (length !== 2) return -1;
    const c0 = code3.charCodeAt(0);
    const c1 = code3.charCodeAt(1);
    return (c0 | c1) < ONE_CHAR_SLOTS ? this.values[ONE_CHAR_SLOTS + c0 * ONE_CHAR_SLOTS + c1] ?? -1 : -1;
  }
  has(code3) {
    return this.get(code3) >= 0;
  }
  /** Whether the one-character code with this character code is in the list (NaN, past the end, is not). */
  hasCharCode(charCode) {
    return charCode < ONE_CHAR_SLOTS && (this.values[charCode] ?? -1) >= 0;
  }
};
function slotOf(code3) {
  if (typeof code3 !== "string") return -1;
  if (code3.length === 1) {
    const c = code3.charCodeAt(0);
    return c < ONE_CHAR_SLOTS ? c : -1;
  }
  if (code3.length === 2) {
    const c0 = code3.charCodeAt(0);
    const c1 = code3.charCodeAt(1);
    return (c0 | c1) < ONE_CHAR_SLOTS ? ONE_CHAR_SLOTS + c0 * ONE_CHAR_SLOTS + c1 : -1;
  }
  return -1;
}

// src/furnishing/validation/codes.ts
var set = (codes) => CodeTable.of(codes);
var PORTFOLIO_LETTERS = "CIMOR";
var portfolioBits = (letters) => [...letters].reduce((bits, letter) => bits | 1 << PORTFOLIO_LETTERS.indexOf(letter), 0);
var PORTFOLIO_TYPES = new CodeTable(
  [...PORTFOLIO_LETTERS].map((p) => [p, portfolioBits(p)])
);
var ACCOUNT_TYPE_PORTFOLIOS = new Map(
  Object.entries({
    "00": "I",
    // Auto
    "01": "I",
    // Unsecured
    "02": "I",
    // Secured
    "03": "I",
    // Partially secured
    "04": "I",
    // Home improvement
    "05": "I",
    // FHA home improvement
    "06": "I",
    // Installment sales contract
    "07": "RO",
    // Charge account
    "08": "M",
    // Real estate, specific type unknown
    "0A": "I",
    // Time share loan
    "0C": "O",
    // Debt buyer
    "0F": "IM",
    // Construction loan
    "0G": "RO",
    // Flexible spending credit card
    "10": "I",
    // Business loan, personally guaranteed
    "11": "I",
    // Recreational merchandise
    "12": "IO",
    // Education
    "13": "I",
    // Lease
    "15": "C",
    // Line of credit
    "17": "IM",
    // Manufactured housing
    "18": "RO",
    // Credit card
    "19": "M",
    // FHA real estate mortgage
    "20": "I",
    // Note loan
    "25": "M",
    // VA real estate mortgage
    "26": "M",
    // Conventional real estate mortgage
    "29": "IO",
    // Rental agreement
    "2A": "RO",
    // Secured credit card
    "2C": "M",
    // USDA real estate mortgage
    "37": "RO",
    // Combined credit plan
    "3A": "I",
    // Auto lease
    "43": "C",
    // Debit card
    "47": "C",
    // Credit line secured
    "48": "O",
    // Collection agency/attorney
    "4D": "O",
    // Telecommunications/cellular
    "50": "O",
    // Family support
    "5A": "M",
    // Real estate, junior liens and non-purchase money first
    "5B": "M",
    // Second mortgage
    "65": "I",
    // Government unsecured guaranteed loan
    "66": "I",
    // Government secured guaranteed loan
    "67": "I",
    // Government unsecured direct loan
    "68": "I",
    // Government secured direct loan
    "69": "IO",
    // Government grant
    "6A": "I",
    // Commercial installment loan
    "6B": "M",
    // Commercial mortgage loan
    "6D": "IM",
    // Home equity
    "70": "IO",
    // Government overpayment
    "71": "IO",
    // Government fine
    "72": "IO",
    // Government fee for services
    "73": "IO",
    // Government employee advance
    "74": "IO",
    // Government miscellaneous debt
    "75": "IO",
    // Government benefit
    "77": "O",
    // Returned check
    "7A": "C",
    // Commercial line of credit
    "7B": "I",
    // Agricultural
    "89": "C",
    // Home equity line of credit
    "8A": "RO",
    // Business credit card
    "8B": "RC",
    // Deposit account with overdraft protection
    "90": "OI",
    // Medical debt
    "91": "I",
    // Debt consolidation
    "92": "OI",
    // Utility company
    "93": "O",
    // Child support
    "95": "IO",
    // Attorney fees
    "9A": "IM",
    // Secured home improvement
    "9B": "C"
    // Business line, personally guaranteed
  })
);
var ACCOUNT_TYPES = new CodeTable(
  [...ACCOUNT_TYPE_PORTFOLIOS].map(([type, portfolios]) => [type, portfolioBits(portfolios)])
);
var ACCOUNT_STATUSES = set("05 11 13 61 62 63 64 65 71 78 80 82 83 84 88 89 93 94 95 96 97 DA DF");
var RATED_STATUSES = set("05 13 65 88 89 94 95");
var PAYMENT_RATINGS = set("0 1 2 3 4 5 6 G L");
var HISTORY_CODE_LIST = "0 1 2 3 4 5 6 B D E G H J K L";
var HISTORY_CODES = set(HISTORY_CODE_LIST);
var HISTORY_LENGTH = 24;
var DOFD_STATUSES = set("61 62 63 64 65 71 78 80 82 83 84 88 89 93 94 95 96 97");
var DEROGATORY_RATINGS = set("1 2 3 4 5 6 G L");
var PAID_STATUSES = set("13 61 62 63 64 65");
var FINAL_STATUSES = set("DA DF 05 13 61 62 63 64 65");
var SPECIAL_COMMENTS = set(
  "B C H I M O S V AB AC AH AI AL AM AN AO AP AS AT AU AV AW AX AZ BA BB BC BD BE BF BG BH BI BJ BK BL BN BO BP BS BT CH CI CJ CK CL CM CN CO CP CS DE"
);
var COMPLIANCE_CONDITIONS = set("XA XB XC XD XE XF XG XH XJ XR");
var ECOA_CODES = set("1 2 3 5 7 T W X Z");
var CONSUMER_INFORMATION_INDICATORS = set("A B C D E F G H I J K L M N O P Q R S T U V Z 1A 2A");
var BANKRUPTCY_INDICATORS = set("A B C D E F G H Z 1A V");
var INTEREST_TYPES = set("F V");
var TERMS_FREQUENCIES = set("D P W B E M L Q T S Y");
var GENERATION_CODES = set("J S 2 3 4 5 6 7 8 9");
var ADDRESS_INDICATORS = set("C Y N M S B U D P");
var RESIDENCE_CODES = set("O R");
var COUNTRY_CODES = set(
  "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"
);
var STATE_CODES = set(
  "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC AS FM GU MH MP PW PR VI AA AE AP"
);
var US_POSTAL_COUNTRIES = set("US AS FM GU MH MP PW PR VI UM");

// src/furnishing/validation/issue.ts
var LABELS = {
  identificationNumber: "Identification Number",
  consumerAccountNumber: "Consumer Account Number",
  portfolioType: "Portfolio Type",
  accountType: "Account Type",
  dateOpened: "Date Opened",
  termsFrequency: "Terms Frequency",
  accountStatus: "Account Status",
  paymentRating: "Payment Rating",
  paymentHistoryProfile: "Payment History Profile",
  specialComment: "Special Comment",
  complianceConditionCode: "Compliance Condition Code",
  currentBalance: "Current Balance",
  amountPastDue: "Amount Past Due",
  dateAccountInformation: "Date of Account Information",
  dateFirstDelinquency: "Date of First Delinquency",
  dateClosed: "Date Closed",
  dateLastPayment: "Date of Last Payment",
  interestTypeIndicator: "Interest Type Indicator",
  surname: "Surname",
  firstName: "First Name",
  generationCode: "Generation Code",
  dateBirth: "Date of Birth",
  ecoaCode: "ECOA Code",
  consumerInformationIndicator: "Consumer Information Indicator",
  countryCode: "Country Code",
  firstLineAddress: "First Line of Address",
  city: "City",
  state: "State",
  zipCode: "Postal/Zip Code",
  addressIndicator: "Address Indicator",
  residenceCode: "Residence Code"
};
var label = (field2) => LABELS[field2] ?? field2;
function issue2(segment, field2, rule, message) {
  const found = { segment, rule, severity: severityOf(rule), message };
  if (field2 !== void 0) found.field = field2;
  return found;
}
var quoted = (field2, value) => `${label(field2)} "${value ?? ""}"`;

// src/furnishing/validation/history-rules.ts
var FIELD = "paymentHistoryProfile";
var B = 66;
var shown = (history) => `Payment History Profile "${history}"`;
var WELL_FORMED = new RegExp(`^[${HISTORY_CODE_LIST.replace(/[ B]/g, "")}]*B*$`);
function checkPaymentHistory(out, history) {
  const length = history.length;
  if (length === HISTORY_LENGTH && WELL_FORMED.test(history)) return;
  if (length !== HISTORY_LENGTH) {
    out.push(
      issue2(
        "base",
        FIELD,
        "code.payment_history",
        `${shown(history)} has ${length} characters; expected ${HISTORY_LENGTH} (CRRG field 18)`
      )
    );
  }
  let bad = -1;
  let embeddedB = -1;
  let previousIsB = false;
  for (let i = 0; i < length; i++) {
    const c = history.charCodeAt(i);
    if (bad < 0 && !HISTORY_CODES.hasCharCode(c)) bad = i;
    if (previousIsB && c !== B && embeddedB < 0) embeddedB = i - 1;
    previousIsB = c === B;
  }
  if (bad >= 0) {
    out.push(
      issue2(
        "base",
        FIELD,
        "code.payment_history",
        `${shown(history)} has "${history[bad]}" at position ${bad + 1}; expected 0-6, B, D, E, G, H, J, K or L (CRRG Exhibit 5)`
      )
    );
  }
  if (embeddedB >= 0) {
    out.push(
      issue2(
        "base",
        FIELD,
        "code.payment_history_embedded_b",
        `${shown(history)} has B at position ${embeddedB + 1} followed by other values; B may only fill the ending positions (CRRG field 18)`
      )
    );
  }
}
function historyLevelOf(charCode) {
  if (charCode === 48 || charCode === 69) return 0;
  return charCode >= 49 && charCode <= 54 ? charCode - 48 : -1;
}
var STATUS_LEVELS = new CodeTable(STATUS_LEVEL);

// src/furnishing/validation/cross-rules.ts
var ratedDerogatory = (b) => (b.accountStatus === "05" || b.accountStatus === "13") && DEROGATORY_RATINGS.has(b.paymentRating);
var NO_DOFD_RULE = 0;
function dofdRule(b) {
  if (DOFD_STATUSES.has(b.accountStatus)) return 1;
  if (ratedDerogatory(b)) return 2;
  if (BANKRUPTCY_INDICATORS.has(b.consumerInformationIndicator)) return 3;
  return NO_DOFD_RULE;
}
function dofdReason(b, rule) {
  if (rule === 1) return `Account Status "${b.accountStatus}"`;
  if (rule === 2) return `Account Status "${b.accountStatus}" with Payment Rating "${b.paymentRating}"`;
  return `Consumer Information Indicator "${b.consumerInformationIndicator}"`;
}
function checkDofd(out, b) {
  const rule = dofdRule(b);
  if (rule !== NO_DOFD_RULE && b.dateFirstDelinquency === null) {
    out.push(
      issue2(
        "base",
        "dateFirstDelinquency",
        "cross.dofd_required",
        `Date of First Delinquency is missing; ${dofdReason(b, rule)} requires it (CRRG field 25, FCRA \xA7623(a)(5))`
      )
    );
  }
  const current = b.accountStatus === "11" || (b.accountStatus === "05" || b.accountStatus === "13") && b.paymentRating === "0";
  if (rule === NO_DOFD_RULE && current && b.dateFirstDelinquency !== null) {
    out.push(
      issue2(
        "base",
        "dateFirstDelinquency",
        "cross.dofd_unexpected",
        `Date of First Delinquency ${b.dateFirstDelinquency} is reported for a current account (Account Status "${b.accountStatus}"); it should be zero filled (CRRG field 25)`
      )
    );
  }
}
function checkAmounts(out, b) {
  if (PAID_STATUSES.has(b.accountStatus) && b.dateClosed === null && b.currentBalance !== 0) {
    out.push(
      issue2(
        "base",
        "dateClosed",
        "cross.paid_closed",
        `Account Status "${b.accountStatus}" (paid or closed) has no Date Closed and a Current Balance of ${b.currentBalance}; expected a Date Closed or a zero balance (CRRG fields 17A, 26)`
      )
    );
  }
  if (b.amountPastDue > b.currentBalance) {
    out.push(
      issue2(
        "base",
        "amountPastDue",
        "cross.past_due_over_balance",
        `Amount Past Due ${b.amountPastDue} is above the Current Balance ${b.currentBalance} (CRRG fields 21, 22)`
      )
    );
  }
  if (b.accountStatus === "11" && b.amountPastDue > 0) {
    out.push(
      issue2(
        "base",
        "amountPastDue",
        "cross.current_past_due",
        `Amount Past Due ${b.amountPastDue} is reported with Account Status "11" (current); it should be zero (CRRG field 22)`
      )
    );
  }
}
function checkHistoryAgainstStatus(out, b) {
  const level = STATUS_LEVELS.get(b.accountStatus);
  const previous = historyLevelOf(b.paymentHistoryProfile.charCodeAt(0));
  if (level >= 0 && previous >= 0 && level > previous + 1) {
    out.push(
      issue2(
        "base",
        "paymentHistoryProfile",
        "cross.history_status",
        `Account Status "${b.accountStatus}" (${level * 30}+ days past due) follows "${b.paymentHistoryProfile[0]}" in the first byte of the Payment History Profile (the previous month); delinquency grows by at most one 30-day step a month (CRRG field 18, Exhibit 5)`
      )
    );
  }
}
function checkFuture(out, segment, field2, value, today2) {
  if (value !== null && value > today2) out.push(futureIssue(segment, field2, value, today2));
}
function futureIssue(segment, field2, value, today2) {
  const message = `${label(field2)} ${value} is after the validation date ${today2}; a date may not be in the future`;
  return issue2(segment, field2, "cross.future_date", message);
}
function checkFutureDates(out, record, today2) {
  const b = record.base;
  checkFuture(out, "base", "dateOpened", b.dateOpened, today2);
  checkFuture(out, "base", "dateAccountInformation", b.dateAccountInformation, today2);
  checkFuture(out, "base", "dateFirstDelinquency", b.dateFirstDelinquency, today2);
  checkFuture(out, "base", "dateClosed", b.dateClosed, today2);
  checkFuture(out, "base", "dateLastPayment", b.dateLastPayment, today2);
  checkFuture(out, "base", "dateBirth", b.dateBirth, today2);
  for (const j12 of record.j1) checkFuture(out, "j1", "dateBirth", j12.dateBirth, today2);
  for (const j22 of record.j2) checkFuture(out, "j2", "dateBirth", j22.dateBirth, today2);
}
function checkOrder(out, earlier, a, later, z6, blamed) {
  if (a !== null && z6 !== null && a > z6) out.push(orderIssue(earlier, a, later, z6, blamed));
}
function orderIssue(earlier, a, later, z6, blamed) {
  const message = `${label(earlier)} ${a} is after ${label(later)} ${z6}; expected ${label(earlier)} <= ${label(later)}`;
  return issue2("base", blamed, "cross.date_order", message);
}
function checkDateOrder(out, b) {
  const opened = b.dateOpened;
  const dofd = b.dateFirstDelinquency;
  const doai = b.dateAccountInformation;
  checkOrder(out, "dateOpened", opened, "dateFirstDelinquency", dofd, "dateFirstDelinquency");
  checkOrder(out, "dateFirstDelinquency", dofd, "dateAccountInformation", doai, "dateFirstDelinquency");
  checkOrder(out, "dateOpened", opened, "dateAccountInformation", doai, "dateOpened");
  checkOrder(out, "dateOpened", opened, "dateClosed", b.dateClosed, "dateClosed");
  checkOrder(out, "dateLastPayment", b.dateLastPayment, "dateAccountInformation", doai, "dateLastPayment");
}
function checkPortfolio(out, b) {
  const portfolios = ACCOUNT_TYPES.get(b.accountType);
  const portfolio = PORTFOLIO_TYPES.get(b.portfolioType);
  if (portfolios >= 0 && portfolio >= 0 && (portfolios & portfolio) === 0) {
    out.push(
      issue2(
        "base",
        "accountType",
        "cross.portfolio_account_type",
        `${quoted("accountType", b.accountType)} is not listed under Portfolio Type "${b.portfolioType}" in CRRG Exhibit 2; expected Portfolio Type ${[...ACCOUNT_TYPE_PORTFOLIOS.get(b.accountType) ?? ""].join(" or ")}`
      )
    );
  }
}
function addCrossIssues(out, record, today2) {
  const b = record.base;
  checkDofd(out, b);
  checkAmounts(out, b);
  checkHistoryAgainstStatus(out, b);
  checkFutureDates(out, record, today2);
  checkDateOrder(out, b);
  checkPortfolio(out, b);
}

// src/furnishing/validation/code-checks.ts
var code2 = (field2, codes, rule, expected2, blank) => ({ field: field2, codes, rule, expected: expected2, blank });
var GENERATION = code2(
  "generationCode",
  GENERATION_CODES,
  "code.generation_code",
  "J, S, 2-9 or blank (CRRG field 33)",
  "allowed"
);
var ECOA = code2(
  "ecoaCode",
  ECOA_CODES,
  "code.ecoa",
  "an ECOA Code 1, 2, 3, 5, 7, T, W, X or Z (CRRG Exhibit 10)",
  "required"
);
var CONSUMER_INFORMATION = code2(
  "consumerInformationIndicator",
  CONSUMER_INFORMATION_INDICATORS,
  "code.consumer_information_indicator",
  "a Consumer Information Indicator of CRRG Exhibit 11",
  "allowed"
);
var COUNTRY = code2(
  "countryCode",
  COUNTRY_CODES,
  "code.country_code",
  "an ISO 3166-1 alpha-2 code (CRRG Exhibit 12)",
  "allowed"
);
var ADDRESS_INDICATOR = code2(
  "addressIndicator",
  ADDRESS_INDICATORS,
  "code.address_indicator",
  "C, Y, N, M, S, B, U, D, P or blank",
  "allowed"
);
var RESIDENCE = code2(
  "residenceCode",
  RESIDENCE_CODES,
  "code.residence_code",
  "O, R or blank (CRRG field 46)",
  "allowed"
);
var US_STATE = code2(
  "state",
  STATE_CODES,
  "code.state",
  "a US state, DC, territory or military code (Exhibit 14)",
  "required"
);
var PORTFOLIO = code2(
  "portfolioType",
  PORTFOLIO_TYPES,
  "code.portfolio_type",
  "a Portfolio Type C, I, M, O or R (CRRG field 8)",
  "invalid"
);
var ACCOUNT_TYPE = code2(
  "accountType",
  ACCOUNT_TYPES,
  "code.account_type",
  "an Account Type of CRRG Exhibit 1",
  "invalid"
);
var STATUS2 = code2(
  "accountStatus",
  ACCOUNT_STATUSES,
  "code.account_status",
  "a Metro 2 status code (CRRG Exhibit 4)",
  "invalid"
);
var RATING = code2(
  "paymentRating",
  PAYMENT_RATINGS,
  "code.payment_rating",
  "a Payment Rating 0-6, G or L (CRRG field 17B)",
  "allowed"
);
var SPECIAL_COMMENT = code2(
  "specialComment",
  SPECIAL_COMMENTS,
  "code.special_comment",
  "a Special Comment of CRRG Exhibits 6/7",
  "allowed"
);
var COMPLIANCE = code2(
  "complianceConditionCode",
  COMPLIANCE_CONDITIONS,
  "code.compliance_condition",
  "a Compliance Condition Code XA-XH, XJ or XR (CRRG Exhibit 8)",
  "allowed"
);
var INTEREST_TYPE = code2(
  "interestTypeIndicator",
  INTEREST_TYPES,
  "code.interest_type",
  "F, V or blank (CRRG field 28)",
  "allowed"
);
var TERMS_FREQUENCY_EXPECTED = "a Terms Frequency D, P, W, B, E, M, L, Q, T, S or Y (CRRG Exhibit 3)";
var TERMS_FREQUENCY = code2(
  "termsFrequency",
  TERMS_FREQUENCIES,
  "code.terms_frequency",
  TERMS_FREQUENCY_EXPECTED,
  "invalid"
);
var OPEN_TERMS_FREQUENCY = code2(
  "termsFrequency",
  TERMS_FREQUENCIES,
  "code.terms_frequency",
  TERMS_FREQUENCY_EXPECTED,
  "allowed"
);
function checkCode(out, segment, value, c) {
  if (typeof value !== "string") return;
  if (value === "" ? c.blank === "invalid" : !c.codes.has(value)) out.push(codeIssue(segment, value, c));
}
function codeIssue(segment, value, c) {
  const message = value === "" ? `${label(c.field)} is blank; expected ${c.expected}` : `${quoted(c.field, value)} is not ${c.expected}`;
  return issue2(segment, c.field, c.rule, message);
}

// src/furnishing/validation/field-rules.ts
function isBlank(value) {
  const c = value.charCodeAt(0);
  return !(c > 32 && c < 127) && value.trim() === "";
}
function requireText(out, segment, field2, value, rule) {
  if (isBlank(value)) out.push(issue2(segment, field2, rule, `${label(field2)} is blank; it is required`));
}
function checkConsumer(out, segment, c) {
  requireText(out, segment, "surname", c.surname, "required.surname");
  requireText(out, segment, "firstName", c.firstName, "required.first_name");
  requireText(out, segment, "ecoaCode", c.ecoaCode, "required.ecoa_code");
  checkCode(out, segment, c.generationCode, GENERATION);
  checkCode(out, segment, c.ecoaCode, ECOA);
  checkCode(out, segment, c.consumerInformationIndicator, CONSUMER_INFORMATION);
}
function checkAddress(out, segment, a) {
  requireText(out, segment, "firstLineAddress", a.firstLineAddress, "required.first_line_address");
  requireText(out, segment, "city", a.city, "required.city");
  if (a.countryCode === "" || US_POSTAL_COUNTRIES.has(a.countryCode)) {
    requireText(out, segment, "state", a.state, "required.state");
    requireText(out, segment, "zipCode", a.zipCode, "required.zip_code");
    checkCode(out, segment, a.state, US_STATE);
  }
  checkCode(out, segment, a.countryCode, COUNTRY);
  checkCode(out, segment, a.addressIndicator, ADDRESS_INDICATOR);
  checkCode(out, segment, a.residenceCode, RESIDENCE);
}
var FILLED = /^(0+|9+)$/;
function isMissingId(id2) {
  const c = id2.charCodeAt(0);
  if (c > 32 && c < 127 && c !== 48 && c !== 57) return false;
  const trimmed = id2.trim();
  return trimmed === "" || FILLED.test(trimmed);
}
function checkAccount(out, b) {
  if (isMissingId(b.identificationNumber)) {
    const shown2 = quoted("identificationNumber", b.identificationNumber);
    const message = `${shown2} is blank, zero or 9 filled; it is required (CRRG field 5)`;
    out.push(issue2("base", "identificationNumber", "required.identification_number", message));
  }
  requireText(
    out,
    "base",
    "consumerAccountNumber",
    b.consumerAccountNumber,
    "required.consumer_account_number"
  );
  if (b.dateOpened === null) {
    const message = "Date Opened is missing; it is required (CRRG field 10)";
    out.push(issue2("base", "dateOpened", "required.date_opened", message));
  }
  if (b.dateAccountInformation === null) {
    const message = "Date of Account Information is missing; it is required (CRRG field 24)";
    out.push(issue2("base", "dateAccountInformation", "required.date_account_information", message));
  }
  checkCode(out, "base", b.portfolioType, PORTFOLIO);
  checkCode(out, "base", b.accountType, ACCOUNT_TYPE);
  checkCode(out, "base", b.accountStatus, STATUS2);
  checkCode(out, "base", b.paymentRating, RATING);
  checkCode(out, "base", b.specialComment, SPECIAL_COMMENT);
  checkCode(out, "base", b.complianceConditionCode, COMPLIANCE);
  checkCode(out, "base", b.interestTypeIndicator, INTEREST_TYPE);
  checkCode(out, "base", b.termsFrequency, b.portfolioType === "O" ? OPEN_TERMS_FREQUENCY : TERMS_FREQUENCY);
  checkPaymentRatingPresence(out, b);
  checkPaymentHistory(out, b.paymentHistoryProfile);
}
function checkPaymentRatingPresence(out, b) {
  const rated = RATED_STATUSES.has(b.accountStatus);
  if (rated && b.paymentRating === "") {
    const message = `Payment Rating is blank; Account Status "${b.accountStatus}" requires one (CRRG field 17B)`;
    out.push(issue2("base", "paymentRating", "code.payment_rating_presence", message));
  } else if (!rated && b.paymentRating !== "") {
    const shown2 = quoted("paymentRating", b.paymentRating);
    const message = `${shown2} is reported with Account Status "${b.accountStatus}"; it must be blank except for statuses 05, 13, 65, 88, 89, 94, 95 (CRRG field 17B)`;
    out.push(issue2("base", "paymentRating", "code.payment_rating_presence", message));
  }
}
function addFieldIssues(out, record) {
  const base = record.base;
  checkAccount(out, base);
  checkConsumer(out, "base", base);
  checkAddress(out, "base", base);
  for (const j12 of record.j1) checkConsumer(out, "j1", j12);
  for (const j22 of record.j2) {
    checkConsumer(out, "j2", j22);
    checkAddress(out, "j2", j22);
  }
}

// src/furnishing/validation/l1-rules.ts
var CHANGES_ACCOUNT = /* @__PURE__ */ new Set([1, 3]);
var CHANGES_ID = /* @__PURE__ */ new Set([2, 3]);
function addChangeIssues(out, record) {
  const l1 = record.l1;
  if (l1 === void 0 || reportsNothing(l1, LAYOUTS.l1.character)) return;
  const c = l1.changeIndicator;
  if (!CHANGES_ACCOUNT.has(c) && !CHANGES_ID.has(c)) {
    const message = `L1 Change Indicator "${c}" is not a code; expected 1 (Consumer Account Number), 2 (Identification Number) or 3 (both) (CRRG L1 field 2)`;
    out.push(issue2("l1", "changeIndicator", "code.l1_change_indicator", message));
  }
  if (CHANGES_ACCOUNT.has(c) && l1.newConsumerAccountNumber.trim() === "") {
    const message = `L1 New Consumer Account Number is blank; Change Indicator ${c} requires it (CRRG L1 field 3)`;
    out.push(issue2("l1", "newConsumerAccountNumber", "required.l1_new_account_number", message));
  }
  if (CHANGES_ID.has(c) && l1.newIdentificationNumber.trim() === "") {
    const message = `L1 New Identification Number is blank; Change Indicator ${c} requires it (CRRG L1 field 4)`;
    out.push(issue2("l1", "newIdentificationNumber", "required.l1_new_identification_number", message));
  }
}

// src/furnishing/validation/validate-record.ts
function validateRecord(record, ctx) {
  const issues2 = [];
  addFieldIssues(issues2, record);
  addCrossIssues(issues2, record, ctx.today);
  addChangeIssues(issues2, record);
  return issues2;
}

// src/furnishing/validation/compare-trailer.ts
var BY_FIELD = new Map(TRAILER_TOTALS.map((t) => [t.field, t]));

// src/furnishing/validation/index.ts
var ALL_RULES = [...METRO2_SYNTAX_RULES, ...VALIDATION_RULES];

// src/furnishing/ingest.cli.ts
import cliProgress from "cli-progress";

// src/furnishing/furnishing.routes.ts
import { z as z5 } from "zod";

// src/platform/http/server.ts
import multipart from "@fastify/multipart";
import rateLimit, { normalizeIP } from "@fastify/rate-limit";
import Fastify, {
  LogController
} from "fastify";
import {
  serializerCompiler,
  validatorCompiler
} from "fastify-type-provider-zod";
import { pino } from "pino";

// src/platform/http/error-handler.ts
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { z as z3 } from "zod";
var httpErrorCodes = {
  invalid_input: true,
  unauthenticated: true,
  forbidden: true,
  not_found: true,
  conflict: true,
  unprocessable: true,
  too_many_requests: true,
  method_not_allowed: true,
  not_acceptable: true,
  payload_too_large: true,
  unsupported_media_type: true,
  internal: true
};
var errorBodySchema = z3.object({
  error: z3.object({
    code: z3.enum(Object.keys(httpErrorCodes)),
    message: z3.string(),
    details: z3.unknown().optional()
  }),
  requestId: z3.string()
}).meta({ id: "ErrorBody" });

// src/platform/http/health.ts
import { z as z4 } from "zod";
var healthSchema = z4.object({ status: z4.enum(["ok", "unavailable"]) });

// src/platform/http/openapi.ts
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from "fastify-type-provider-zod";
var MEMBER_API_KEY = "memberApiKey";
var CONSUMER_SESSION = "consumerSession";
var security = {
  member: [{ [MEMBER_API_KEY]: [] }],
  consumer: [{ [CONSUMER_SESSION]: [] }],
  any: [{ [MEMBER_API_KEY]: [] }, { [CONSUMER_SESSION]: [] }],
  none: []
};
var zodTransform = createJsonSchemaTransform({ skipList: [] });

// src/platform/http/server.ts
var GiB = 1024 ** 3;

// src/furnishing/furnishing.routes.ts
var counts = z5.object({
  records: z5.number(),
  accepted: z5.number(),
  rejected: z5.number(),
  warnings: z5.number(),
  errors: z5.number(),
  consumersCreated: z5.number(),
  newAccounts: z5.number(),
  updatedAccounts: z5.number(),
  renumberedAccounts: z5.number(),
  deletedAccounts: z5.number(),
  droppedConsumers: z5.number(),
  vanished: z5.number()
});
var issue3 = z5.object({
  seq: z5.number().optional(),
  recordNo: z5.number().nullable(),
  line: z5.number().nullable(),
  offset: z5.number().nullable(),
  account: z5.string().nullable(),
  segment: z5.string(),
  field: z5.string().nullable(),
  rule: z5.string(),
  severity: z5.enum(["error", "warning"]),
  message: z5.string()
});
var uploadResult = z5.object({
  status: z5.enum(["applied", "duplicate"]),
  batchId: z5.uuid(),
  furnisherId: z5.string(),
  counts: counts.optional(),
  issues: z5.array(issue3).optional().describe("the first issues; GET the batch for all of them"),
  issuesTotal: z5.number().optional()
}).meta({ id: "FurnishingResult" });
var batch = z5.object({
  batchId: z5.uuid(),
  furnisherId: z5.string(),
  fileName: z5.string().nullable(),
  format: z5.string(),
  status: z5.enum(["applied", "rejected"]),
  records: z5.number(),
  accepted: z5.number(),
  rejected: z5.number(),
  warnings: z5.number(),
  errors: z5.number(),
  activityDate: z5.string().nullable(),
  receivedAt: z5.string(),
  appliedAt: z5.string()
}).meta({ id: "Batch" });

// src/furnishing/ingest-rules.ts
var INGEST_RULES = [
  // JSON Lines, the native format (jsonl.model.ts; its JSON Schema: `openbureau jsonl-schema`).
  error("jsonl.syntax", "A JSON Lines line is one JSON value"),
  error("jsonl.line_too_long", "A JSON Lines line is at most 1 MiB"),
  error("jsonl.schema", "A JSON Lines record has each required property, of its type and length"),
  error("jsonl.unknown_property", "A JSON Lines record has no property outside its schema"),
  error(
    "jsonl.not_credit_data",
    "A JSON Lines record carries no consumption or contact data (merchants, items, baskets, locations)"
  ),
  // Who furnishes (CRRG Base field 5 and L1 field 4 name the furnisher).
  error(
    "furnisher.identification_number",
    "The Identification Number, and an L1 New Identification Number, are registered to the furnisher"
  ),
  // Who the consumers are (identity/: token first, then name, birth date and postcode).
  warning(
    "identity.national_id",
    "A national ID passes its type's checks; otherwise the consumer is matched on name, birth date, postcode"
  ),
  error(
    "identity.unresolved",
    "The Base Segment consumer is identified: a valid national ID, or surname, first name, birth date, postcode"
  ),
  warning(
    "identity.unresolved_associated",
    "A J1/J2 associated consumer is identified; one who cannot be is left off the account"
  ),
  // The file against itself and against what is on file.
  error(
    "file.unreadable",
    "The file can be read as Metro 2 or JSON Lines at all; otherwise none of it is applied"
  ),
  error("file.duplicate_account", "An account is reported once in a file"),
  error(
    "file.l1_number_taken",
    "An L1 segment does not move an account onto a number that is another account on file"
  )
];
var RULE_CATALOGUE = [...ALL_RULES, ...INGEST_RULES];

// bench/steps/common.ts
import pg from "pg";
var ADMIN_URL = process.env["BENCH_DATABASE_URL"] ?? process.env["DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/postgres";
function peakRssMb() {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
function emit(result) {
  process.stdout.write(JSON.stringify({ ...result, peakRssMb: peakRssMb() }) + "\n");
}
var seconds = (startNs) => Number(process.hrtime.bigint() - startNs) / 1e9;

// bench/steps/parse.ts
var [mode, file] = process.argv.slice(2);
if (mode !== "bare" && mode !== "full" || !file) throw new Error("usage: parse.ts bare|full FILE");
var bytes = statSync(file).size;
var source = () => createReadStream(file, { highWaterMark: 1 << 18 });
var today = (/* @__PURE__ */ new Date()).toISOString().slice(0, 10);
var start = process.hrtime.bigint();
var records = 0;
var issues = 0;
if (mode === "bare") {
  const scanner = new BareScanner();
  for await (const chunk of source()) scanner.push(chunk);
  scanner.end();
  records = scanner.totals.records;
} else {
  for await (const events of readMetro2(source())) {
    for (const e of events) {
      if (e.kind !== "record") continue;
      records++;
      issues += e.issues.length + validateRecord(e.record, { today }).length;
    }
  }
}
var s = seconds(start);
emit({
  step: `parse-${mode}`,
  seconds: s,
  records,
  issues,
  bytes,
  recordsPerSecond: records / s,
  mbPerSecond: bytes / 2 ** 20 / s
});
