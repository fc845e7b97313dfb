// Compressed JSON for large, repetitive attributes (folded states, stored answers). DynamoDB charges a
// write unit per started kilobyte of the whole item on every write, so a tip or a command record that
// stays under 1 KB costs half what one just over it does. A state or an answer of a few kilobytes is
// mostly the same key names every time: deflate primed with a dictionary of those names (and of the
// values that repeat, such as dates and id prefixes) compresses such a small document about 40% better
// than gzip, which has to spell every name out once per document. Used for stream tips, command records
// and the views' objective items.
//
// Format: one byte naming the encoding, then the deflated JSON. Gzip (written before, first byte 0x1f)
// is still read. The dictionary of an encoding must never change once written: a new one takes a new byte.
import { deflateRawSync, gunzipSync, inflateRawSync } from 'node:zlib';

const GZIP_FIRST_BYTE = 0x1f;
const DEFLATE_WITH_DICTIONARY_V1 = 0x01;

/**
 * The shapes the store compresses, with representative values; deflate finds a match more cheaply the
 * nearer it is to the end, so the names that repeat most (a check-in's) come last.
 */
const DICTIONARY_V1 = Buffer.from(
  [
    '{"checkInId":"chk_","version":1,"objective":{"id":"obj_","cycleId":"2026-Q","title":"","description":"",',
    '"owner":null,"team":null,"kind":"committed","parentObjectiveId":null,"weight":1,"progressMode":"key_results",',
    '"blendShare":0,"archived":false,"version":1,"progress":0,"score":0,"keyResults":[{"id":"kr_","objectiveId":"obj_",',
    '"title":"","owner":null,"weight":1,"type":"increase","start":0,"target":100,"threshold":null,"unit":"%",',
    '"milestones":[],"progressSource":"check_ins","removed":false,"current":null,"done":null,"progress":0,"score":0,',
    '"confidence":"on_track","confidenceSource":"derived","lastCheckInAt":null,"lastNote":"","checkInCount":0}],',
    '"initiatives":[],"lint":[{"rule":"kr-no-owner","severity":"info","targetType":"key_result","targetId":"kr_",',
    '"message":"\\" has no owner.","hint":"Name one person who reports on this Key Result."}]}}',
    '{"id":"obj_","cycleId":"2026-Q","definition":{"title":"","description":"","owner":null,"team":null,',
    '"kind":"aspirational","parentObjectiveId":null,"weight":1,"progressMode":"key_results","blendShare":0},',
    '"archived":false,"initiatives":[],"overrides":{},"version":1,"createdAt":"2026-","updatedAt":"2026-",',
    '"keyResults":[{"id":"kr_","objectiveId":"obj_","definition":{"title":"","owner":null,"weight":1,',
    '"type":"decrease","start":0,"target":100,"threshold":null,"unit":"%","milestones":[],',
    '"progressSource":"check_ins"},"removed":false,"createdAt":"2026-","omittedCheckIns":0,',
    '"checkIns":[{"id":"chk_","keyResultId":"kr_","value":0,"milestonesDone":null,"done":null,',
    '"confidence":"at_risk","note":"","effectiveAt":"2026-","source":{"kind":"manual"},"recordedAt":"2026-',
    'T00:00:00.000Z","recordedBy":{"sub":"","email":""},"corrects":null,"correctionReason":null,"correctedBy":null}',
  ].join(''),
);

export function compressJson(value: unknown): Uint8Array {
  const deflated = deflateRawSync(JSON.stringify(value ?? null), { level: 9, dictionary: DICTIONARY_V1 });
  const compressed = new Uint8Array(deflated.byteLength + 1);
  compressed[0] = DEFLATE_WITH_DICTIONARY_V1;
  compressed.set(deflated, 1);
  return compressed;
}

export function decompressJson<T = unknown>(compressed: Uint8Array): T {
  const bytes = Buffer.from(compressed.buffer, compressed.byteOffset, compressed.byteLength);
  if (bytes[0] === GZIP_FIRST_BYTE) return JSON.parse(gunzipSync(bytes).toString('utf8')) as T;
  if (bytes[0] !== DEFLATE_WITH_DICTIONARY_V1) {
    throw new TypeError(`unknown compressed JSON encoding ${bytes[0]}`);
  }
  const inflated = inflateRawSync(bytes.subarray(1), { dictionary: DICTIONARY_V1 });
  return JSON.parse(inflated.toString('utf8')) as T;
}
