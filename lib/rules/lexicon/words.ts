// Everyday Indonesian words for splitting run-together hashtags (#ayocoblosdulu → ayo coblos
// dulu). Written for Netra. The compiled matcher adds every word its rules and candidates use, so
// this list only needs the glue that sits between them: function words, common verbs and nouns,
// and the words campaign hashtags are usually made of. A word missing here costs a worse split of
// an unrelated hashtag, never a false match, because an unknown stretch stays one opaque piece.

const COMMON_WORDS = `
ada adalah agar air akan aku akhir aksi ala alam aman amanah ambil amin anak angka anti apa api
arah asal asli atas atau ayo ayah bagi bagus baik baju baik bakal balik bangga bangkit bangsa bangun
bantu banyak baru bareng bawa bayar beda bela belajar beli benar bentuk berani beras berat bersama
bersatu bersih besar betul biar biasa bijak bikin bila bisa bo bocor bodoh boleh bos buat budaya
buka bukan bukti bulan buruh buruk butuh cara cari cepat cerdas cinta cita coba cukup daerah dalam
damai dan dana dapat dari datang dekat demi demokrasi depan desa di dia diam dingin diri doa dua
duka dukung dulu dunia emas empat enak era gaji ganti garda gas gaya gerak gerakan gotong guru habis
hadir hak hal hanya harap harga hari harus hasil hati hebat hemat hidup hijau hitam hormat hukum
hutan ibu ide ikut ilmu indah indonesia ingat ini insya isi istana itu jadi jaga jalan jangan jari
jawa jaya jelas jiwa juang juara juga jujur jurnalis kabar kaki kalah kalau kali kalian kami kamu
kampung kampanye kan kantor karena karya kasih kata kawal kaya ke kebal kecil kelas keluarga kemana
kembali kenal kepala kerja keras kita koalisi kok kompak kota kuat kuning kursi lagi lain lalu lama
lanjut lanjutkan lawan lebih lewat lima lihat lindungi lomba luar lupa maju makan makmur malam malu
mama mampu mana mandiri mantap marah mari masa masuk masyarakat mata mau merah merdeka milenial
milik minggu misi mohon muda mudah mulai mundur murah nama nanti negara negeri netral nikmat nol
nomor nusantara nyata orang pagi paham pak paling pancasila panas pantas partai pasti peduli pemilu
penuh perang perlu pertama pesta pilih pilkada pilpres pintar program pulang punya putaran putih
rakyat ramai rasa rata raya rela rendah rezeki ribut rindu ruang rumah rusak sabar sahabat saja
sakit salah salam sama sampai sana sangat santun satu saya sayang sebut sedang sehat sejahtera
sejak selalu selamat semangat semua senang sendiri sepakat serius setia siap siapa sinergi solid
suara sudah suka sukses sumpah super surat syukur tahun tanah tangan tanpa tanya tegas teman tempat
tenang tepat terbaik terima terus tetap tiga tim timur tolak tua tugas tujuan tumbuh turun untuk
usaha utama wajib waktu wakil warga warna yakin yang
aja dong deh sih nih tuh yuk kok lho loh kak bang mas mbak
coblos contreng paslon capres cawapres cagub cawagub cabup cawalkot caleg periode pileg relawan
koalisi oposisi petahana debat menang kalah
`;

let commonWords: Set<string> | undefined;

/** The built-in segmentation word list (lowercase). */
export function commonWordList(): ReadonlySet<string> {
  if (!commonWords) commonWords = new Set(COMMON_WORDS.split(/\s+/).filter((w) => w.length > 0));
  return commonWords;
}
