// Colloquial and abbreviated Indonesian spellings mapped to one canonical word, so a rule written
// with "tidak" also meets "gak", "nggak" and "tdk". Written for Netra from everyday usage; keys are
// looked up after letter runs are squeezed, so "gakkk" and "nggak" need no entries of their own.
// Only unambiguous shortenings belong here: "kt" (kita? kata?) or "smp" (sampai? SMP?) stay out.

const SLANG_SOURCE: Record<string, string> = {
  tidak: 'gak ga gk nggak ngga nggk enggak engga egak kagak kaga ndak nda tdk tdak tak ora gaa',
  yang: 'yg yng',
  dengan: 'dgn dg dng',
  sudah: 'sdh udh udah dah uda sudh',
  belum: 'blm blum belom',
  bapak: 'bpk pak bapa',
  ibu: 'bu',
  saya: 'sy gw gue gua ane aq',
  kamu: 'lu lo loe elo elu luh',
  kalian: 'klian kalean',
  untuk: 'utk untk',
  karena: 'krn karna krna',
  tetapi: 'tp tapi',
  tetap: 'ttp ttap',
  juga: 'jg jga',
  sama: 'sm ama',
  saja: 'aja aj sja',
  bisa: 'bs bsa',
  banget: 'bgt bngt',
  dulu: 'dl dlu',
  lagi: 'lg lgi',
  semua: 'smua smw',
  orang: 'org orng',
  pilih: 'plh pilh plih',
  dukung: 'dkg dkung dkng dkgn',
  coblos: 'cblos cbls',
  menang: 'mnang',
  presiden: 'presdn prsiden',
  periode: 'priode',
  nomor: 'no nmr nomer nmor',
  urut: 'urt',
  calon: 'cln',
  jangan: 'jgn jngn',
  teman: 'temen tmn',
  saudara: 'sdr sodara',
  ayo: 'ayok yuk yok ayuk hayuk',
  sekarang: 'skrg skrng',
  nanti: 'ntar ntr nnti',
  kasih: 'ksh kasi',
  dikasih: 'dikasi dksh',
  uang: 'duit',
  memang: 'emang emg mmg',
  tahu: 'tau',
  bagaimana: 'gimana gmn gmna',
  kenapa: 'knp napa',
  bukan: 'bkn',
  benar: 'bener bnr',
  begitu: 'gitu bgitu',
  begini: 'gini',
  cuma: 'cm cuman',
  habis: 'abis hbs',
  mau: 'mo mw',
  ingin: 'pengen pgn pingin',
  kalau: 'kalo klo klau',
  tolong: 'tlg tlong',
  terus: 'trus trs',
  harus: 'hrs hrus',
  dari: 'dr dri',
  pada: 'pd',
  dalam: 'dlm',
  lebih: 'lbh',
  masih: 'msh msih',
  ini: 'ni',
  sampai: 'sampe ampe',
  goblok: 'goblog',
  anjing: 'anjeng anjink anjg ajg',
  bangsat: 'bangsad bgst',
  kontol: 'kntl',
  bajingan: 'bajingann bjngan',
  brengsek: 'brengsex brgsk',
  pemerintah: 'pemrintah',
  rakyat: 'rakyt rkyt',
  gubernur: 'gub',
  wakil: 'wkl',
  kampanye: 'kampanya',
  sembako: 'sembak',
  transport: 'transpor',
  terima: 'trima',
  makasih: 'mksh',
  silaturahmi: 'silaturahim',
  amplop: 'amplp',
};

/** Squeezes runs of a repeated character to one, the form both texts and lexicons are keyed by. */
export function squeeze(word: string): string {
  let prev = -1;
  let clean = true;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c === prev) {
      clean = false;
      break;
    }
    prev = c;
  }
  if (clean) return word;
  let out = '';
  prev = -1;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c !== prev) out += word[i];
    prev = c;
  }
  return out;
}

let slangMap: Map<string, string> | undefined;

/** The slang map keyed by squeezed spelling; built on first use so importing is free. */
export function slangLexicon(): ReadonlyMap<string, string> {
  if (!slangMap) {
    slangMap = new Map();
    for (const [canonical, variants] of Object.entries(SLANG_SOURCE)) {
      for (const variant of variants.split(' ')) slangMap.set(squeeze(variant), canonical);
    }
  }
  return slangMap;
}

/** Number words that can stand for a ballot number ("salam dua jari"). */
export const NUMBER_WORDS: Readonly<Record<string, number>> = {
  nol: 0,
  satu: 1,
  dua: 2,
  tiga: 3,
  empat: 4,
  lima: 5,
  enam: 6,
  tujuh: 7,
  delapan: 8,
  sembilan: 9,
  sepuluh: 10,
};

/**
 * Words after which a trailing digit is a number ("no2", "paslon02") rather than the colloquial
 * reduplication mark ("teman2" = teman-teman).
 */
export const NUMBER_TAKING_WORDS: ReadonlySet<string> = new Set(
  (
    'no nomor nmr nomer paslon capres cawapres cagub cawagub cabup cawabup cawalkot calon urut ' +
    'salam coblos pilih menang dukung kubu pendukung jari putaran periode caleg dapil partai'
  ).split(' '),
);
