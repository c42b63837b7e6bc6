<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="tr_TR">
<context>
    <name>AdjustTab</name>
    <message>
        <source>Add or take away</source>
        <translation>Ekle ya da düş</translation>
    </message>
    <message>
        <source>Post adjustment</source>
        <translation>Düzeltmeyi kaydet</translation>
    </message>
    <message>
        <source>Damage</source>
        <translation>Hasar</translation>
    </message>
    <message>
        <source>Theft</source>
        <translation>Hırsızlık</translation>
    </message>
    <message>
        <source>Waste</source>
        <translation>Fire</translation>
    </message>
    <message>
        <source>Correction</source>
        <translation>Düzeltme</translation>
    </message>
    <message>
        <source>Correction: each scan adds one; ± takes away instead.</source>
        <translation>Düzeltme: her okutma bir adet ekler; ± ile düşülür.</translation>
    </message>
    <message>
        <source>Each scan takes one away from the stock here.</source>
        <translation>Her okutma buradaki stoktan bir adet düşer.</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Ürün</translation>
    </message>
    <message>
        <source>Here now</source>
        <translation>Şu an burada</translation>
    </message>
    <message>
        <source>Adjust by</source>
        <translation>Değişim</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Sonra</translation>
    </message>
    <message>
        <source>{reason}: {lines} line(s), {total} in all. Post it?</source>
        <translation>{reason}: {lines} satır, toplam {total}. Kaydedilsin mi?</translation>
    </message>
    <message>
        <source>Adjustment posted: {lines} line(s), {total}.</source>
        <translation>Düzeltme kaydedildi: {lines} satır, {total}.</translation>
    </message>
</context>
<context>
    <name>AmountDialog</name>
    <message>
        <source>Type a number.</source>
        <translation>Bir sayı girin.</translation>
    </message>
</context>
<context>
    <name>ApprovalDialog</name>
    <message>
        <source>Approval</source>
        <translation>Onay</translation>
    </message>
    <message>
        <source>Manager approval</source>
        <translation>Müdür onayı</translation>
    </message>
    <message>
        <source>Supervisor approval</source>
        <translation>Sorumlu onayı</translation>
    </message>
    <message>
        <source>A discount above your limit on this line.</source>
        <translation>Bu satırda yetki sınırınızı aşan indirim.</translation>
    </message>
    <message>
        <source>A discount above your limit on the whole sale.</source>
        <translation>Satışın tamamında yetki sınırınızı aşan indirim.</translation>
    </message>
    <message>
        <source>A price change above your limit.</source>
        <translation>Yetki sınırınızı aşan fiyat değişikliği.</translation>
    </message>
    <message>
        <source>A return without a receipt.</source>
        <translation>Fişsiz iade.</translation>
    </message>
    <message>
        <source>Opening the drawer without a sale.</source>
        <translation>Satış olmadan kasa çekmecesini açma.</translation>
    </message>
    <message>
        <source>Closing the cash register app: nobody is signed in, or a sale is open.</source>
        <translation>Kasa uygulamasını kapatmak: oturum açmış kimse yok ya da açık bir satış var.</translation>
    </message>
    <message>
        <source>Closing the shift on a cash count that is still far from the expected cash after a recount.</source>
        <translation>Yeniden sayımdan sonra da olması gerekenden çok farklı bir nakit sayımıyla vardiyayı kapatma.</translation>
    </message>
    <message>
        <source>Taking back a web order after its return window, or an item that is not returnable (manager).</source>
        <translation>Bir web siparişini iade süresi dolduktan sonra ya da iade edilemeyen bir ürünü geri almak (müdür).</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Approver PIN</source>
        <translation>Onaylayanın PIN&apos;i</translation>
    </message>
    <message>
        <source>No supervisor or manager is set up on this terminal.</source>
        <translation>Bu kasada tanımlı sorumlu veya müdür yok.</translation>
    </message>
    <message>
        <source>Choose who approves.</source>
        <translation>Onaylayacak kişiyi seçin.</translation>
    </message>
</context>
<context>
    <name>Attendants</name>
    <message>
        <source>Idle</source>
        <translation>Boşta</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>Kullanımda</translation>
    </message>
    <message>
        <source>Needs help</source>
        <translation>Yardım bekliyor</translation>
    </message>
    <message>
        <source>Paying</source>
        <translation>Ödeme yapılıyor</translation>
    </message>
    <message>
        <source>Out of paper</source>
        <translation>Kağıt bitti</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Çevrimdışı</translation>
    </message>
    <message>
        <source>customer pressed Help</source>
        <translation>müşteri Yardım&apos;a bastı</translation>
    </message>
    <message>
        <source>age check</source>
        <translation>yaş kontrolü</translation>
    </message>
    <message>
        <source>remove an item</source>
        <translation>ürün çıkarma</translation>
    </message>
    <message>
        <source>price check</source>
        <translation>fiyat kontrolü</translation>
    </message>
    <message>
        <source>basket over the limit</source>
        <translation>sepet sınırı aşıldı</translation>
    </message>
    <message>
        <source>unknown item</source>
        <translation>bilinmeyen ürün</translation>
    </message>
    <message>
        <source>weighed item</source>
        <translation>tartılı ürün</translation>
    </message>
    <message>
        <source>payment problem</source>
        <translation>ödeme sorunu</translation>
    </message>
    <message>
        <source>out of receipt paper</source>
        <translation>fiş kağıdı bitti</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} sn</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} dk</translation>
    </message>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} sa {minutes} dk</translation>
    </message>
    <message>
        <source>{count} line(s)</source>
        <translation>{count} satır</translation>
    </message>
    <message>
        <source>Kiosks: {count} offline</source>
        <translation>Kiosklar: {count} çevrimdışı</translation>
    </message>
    <message>
        <source>Kiosks: all fine</source>
        <translation>Kiosklar: sorun yok</translation>
    </message>
    <message>
        <source>{kiosk} is out of paper</source>
        <translation>{kiosk}: kağıt bitti</translation>
    </message>
    <message>
        <source>{kiosk} needs help: {reason}</source>
        <translation>{kiosk} yardım bekliyor: {reason}</translation>
    </message>
    <message>
        <source>(+{count} more)</source>
        <translation>(+{count} daha)</translation>
    </message>
</context>
<context>
    <name>AttendantsDialog</name>
    <message>
        <source>Self-service kiosks</source>
        <translation>Self servis kasalar</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Kapat (Esc)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Kapat</translation>
    </message>
</context>
<context>
    <name>AttendantsIndicator</name>
    <message>
        <source>Kiosks: {state}</source>
        <translation>Kiosklar: {state}</translation>
    </message>
    <message>
        <source>Self-service kiosks: open the list</source>
        <translation>Self servis kasalar: listeyi aç</translation>
    </message>
</context>
<context>
    <name>AttendantsPanel</name>
    <message>
        <source>Self-service kiosks</source>
        <translation>Self servis kasalar</translation>
    </message>
    <message>
        <source>Kiosk</source>
        <translation>Kiosk</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Durum</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Neden</translation>
    </message>
    <message>
        <source>For</source>
        <translation>Süre</translation>
    </message>
    <message>
        <source>Basket</source>
        <translation>Sepet</translation>
    </message>
    <message>
        <source>last seen: {state}</source>
        <translation>son durumu: {state}</translation>
    </message>
    <message>
        <source>Not updated: the backend cannot be reached. The list may be old.</source>
        <translation>Güncellenmedi: merkeze ulaşılamıyor. Liste eski olabilir.</translation>
    </message>
    <message>
        <source>This store has no self-service kiosk.</source>
        <translation>Bu mağazada self servis kasa yok.</translation>
    </message>
    <message>
        <source>A kiosk that has not reported for 15 seconds is shown as offline.</source>
        <translation>15 saniyedir haber vermeyen kiosk çevrimdışı gösterilir.</translation>
    </message>
</context>
<context>
    <name>CardDialog</name>
    <message>
        <source>Card payment</source>
        <translation>Kartla ödeme</translation>
    </message>
    <message>
        <source>Amount to charge on the card terminal:</source>
        <translation>Kart terminalinden çekilecek tutar:</translation>
    </message>
    <message>
        <source>Card amount</source>
        <translation>Kart tutarı</translation>
    </message>
    <message>
        <source>When the terminal approves, type its approval code. Cancel if declined.</source>
        <translation>Terminal onaylayınca onay kodunu girin. Reddedilirse İptal&apos;e basın.</translation>
    </message>
    <message>
        <source>Approval code</source>
        <translation>Onay kodu</translation>
    </message>
    <message>
        <source>Type the amount charged on the card.</source>
        <translation>Karttan çekilen tutarı girin.</translation>
    </message>
    <message>
        <source>Type the approval code from the card terminal.</source>
        <translation>Kart terminalindeki onay kodunu girin.</translation>
    </message>
</context>
<context>
    <name>CartTableModel</name>
    <message>
        <source>delivery</source>
        <translation>adrese teslimat</translation>
    </message>
    <message>
        <source>pickup at {store}</source>
        <translation>mağazadan teslim {store}</translation>
    </message>
</context>
<context>
    <name>CodeDialog</name>
    <message>
        <source>Type the code.</source>
        <translation>Kodu girin.</translation>
    </message>
</context>
<context>
    <name>ConfirmDialog</name>
    <message>
        <source>Reason (optional)</source>
        <translation>Neden (isteğe bağlı)</translation>
    </message>
</context>
<context>
    <name>ConsentDialog</name>
    <message>
        <source>Consents</source>
        <translation>Açık rızalar</translation>
    </message>
    <message>
        <source>Consents of {name}</source>
        <translation>{name} – açık rızalar</translation>
    </message>
    <message>
        <source>Close (Enter)</source>
        <translation>Kapat (Enter)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Kapat</translation>
    </message>
    <message>
        <source>✓ Given</source>
        <translation>✓ Verildi</translation>
    </message>
    <message>
        <source>Not asked</source>
        <translation>Sorulmadı</translation>
    </message>
    <message>
        <source>✗ Not given</source>
        <translation>✗ Verilmedi</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>Geri al</translation>
    </message>
    <message>
        <source>Withdraw: {consent}</source>
        <translation>Geri al: {consent}</translation>
    </message>
    <message>
        <source>Give</source>
        <translation>Ver</translation>
    </message>
    <message>
        <source>Give: {consent}</source>
        <translation>Ver: {consent}</translation>
    </message>
</context>
<context>
    <name>CountTab</name>
    <message>
        <source>Scan a shelf label, or type it</source>
        <translation>Raf etiketini okutun ya da yazın</translation>
    </message>
    <message>
        <source>Shelf label</source>
        <translation>Raf etiketi</translation>
    </message>
    <message>
        <source>Next shelf</source>
        <translation>Sonraki raf</translation>
    </message>
    <message>
        <source>Count this shelf next</source>
        <translation>Sıradaki rafı say</translation>
    </message>
    <message>
        <source>Quantity…</source>
        <translation>Miktar…</translation>
    </message>
    <message>
        <source>Change the count</source>
        <translation>Sayımı değiştir</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Kaldır</translation>
    </message>
    <message>
        <source>Remove the line</source>
        <translation>Satırı kaldır</translation>
    </message>
    <message>
        <source>Start over</source>
        <translation>Baştan başla</translation>
    </message>
    <message>
        <source>Discard this count</source>
        <translation>Bu sayımı sil</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Kontrol et</translation>
    </message>
    <message>
        <source>Compare with the expected stock</source>
        <translation>Beklenen stokla karşılaştır</translation>
    </message>
    <message>
        <source>Back to counting</source>
        <translation>Sayıma dön</translation>
    </message>
    <message>
        <source>Post count</source>
        <translation>Sayımı kaydet</translation>
    </message>
    <message>
        <source>Shelf {shelf}</source>
        <translation>Raf {shelf}</translation>
    </message>
    <message>
        <source>No shelf: scan a shelf label</source>
        <translation>Raf yok: bir raf etiketi okutun</translation>
    </message>
    <message>
        <source>Shelves</source>
        <translation>Raflar</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Ürün</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>Sayılan</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Beklenen</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Fark</translation>
    </message>
    <message>
        <source>Shelf</source>
        <translation>Raf</translation>
    </message>
    <message>
        <source>Counted at</source>
        <translation>Sayım saati</translation>
    </message>
    <message>
        <source>Count of {sku} on shelf {shelf}</source>
        <translation>{shelf} rafındaki {sku} sayısı</translation>
    </message>
    <message>
        <source>Discard this count? Nothing was posted.</source>
        <translation>Bu sayım silinsin mi? Henüz hiçbir şey kaydedilmedi.</translation>
    </message>
    <message>
        <source>{items} item(s) counted, {differences} differ from the expected stock. Post the count to correct them.</source>
        <translation>{items} ürün sayıldı, {differences} tanesi beklenen stoktan farklı. Düzeltmek için sayımı kaydedin.</translation>
    </message>
    <message>
        <source>Count posted: {items} item(s), difference {difference} in all.</source>
        <translation>Sayım kaydedildi: {items} ürün, toplam fark {difference}.</translation>
    </message>
</context>
<context>
    <name>Crash</name>
    <message>
        <source>Something went wrong</source>
        <translation>Bir sorun oluştu</translation>
    </message>
    <message>
        <source>An unexpected error happened. The sale in progress is saved and nothing was lost. You can carry on; if it happens again, restart the app and tell your manager.</source>
        <translation>Beklenmeyen bir hata oluştu. Devam eden satış kaydedildi, hiçbir şey kaybolmadı. Çalışmaya devam edebilirsiniz; tekrar olursa uygulamayı yeniden başlatın ve müdürünüze bildirin.</translation>
    </message>
    <message>
        <source>Details are in the log file {path}.</source>
        <translation>Ayrıntılar {path} günlük dosyasında.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Kapat</translation>
    </message>
</context>
<context>
    <name>CustomerDisplay</name>
    <message>
        <source>Customer display</source>
        <translation>Müşteri ekranı</translation>
    </message>
    <message>
        <source>Welcome!</source>
        <translation>Hoş geldiniz!</translation>
    </message>
    <message>
        <source>Your items will appear here as they are scanned.</source>
        <translation>Ürünleriniz okutuldukça burada görünecek.</translation>
    </message>
    <message>
        <source>Items in your purchase</source>
        <translation>Aldığınız ürünler</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Sütunlar</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>Satırlar</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Toplam</translation>
    </message>
    <message>
        <source>Given</source>
        <translation>Verilen</translation>
    </message>
    <message>
        <source>Still to pay</source>
        <translation>Kalan</translation>
    </message>
    <message>
        <source>Your change</source>
        <translation>Para üstünüz</translation>
    </message>
    <message>
        <source>Thank you!</source>
        <translation>Teşekkür ederiz!</translation>
    </message>
    <message>
        <source>Scan for your e-receipt</source>
        <translation>E-fişiniz için okutun</translation>
    </message>
    <message>
        <source>QR code of your e-receipt</source>
        <translation>E-fişinizin QR kodu</translation>
    </message>
    <message>
        <source>Your web order {number}</source>
        <translation>Web siparişiniz {number}</translation>
    </message>
    <message>
        <source>Ordered items are delivered to your address.</source>
        <translation>Sipariş edilen ürünler adresinize teslim edilecek.</translation>
    </message>
    <message>
        <source>Ordered items: pick them up at {store}.</source>
        <translation>Sipariş edilen ürünleri {store} mağazasından teslim alabilirsiniz.</translation>
    </message>
    <message>
        <source>Your order {number}</source>
        <translation>Siparişiniz {number}</translation>
    </message>
    <message>
        <source>Paid online: {total}</source>
        <translation>Çevrimiçi ödendi: {total}</translation>
    </message>
    <message>
        <source>To pay: {total}</source>
        <translation>Ödenecek: {total}</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>İade tutarı</translation>
    </message>
</context>
<context>
    <name>CustomerPanel</name>
    <message>
        <source>Customer of this sale</source>
        <translation>Bu satışın müşterisi</translation>
    </message>
    <message>
        <source>Consents</source>
        <translation>Açık rızalar</translation>
    </message>
    <message>
        <source>Remove
customer</source>
        <translation>Müşteriyi
çıkar</translation>
    </message>
    <message>
        <source>Remove the customer</source>
        <translation>Müşteriyi çıkar</translation>
    </message>
    <message>
        <source>New
customer</source>
        <translation>Yeni
müşteri</translation>
    </message>
    <message>
        <source>New customer</source>
        <translation>Yeni müşteri</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Değiştir</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Müşteri</translation>
    </message>
    <message>
        <source>No customer</source>
        <translation>Müşteri yok</translation>
    </message>
    <message>
        <source>{keys}: find by phone, name or loyalty QR, or sign up</source>
        <translation>{keys}: telefon, ad veya sadakat QR koduyla bulun ya da yeni kaydedin</translation>
    </message>
    <message>
        <source>No. {number}</source>
        <translation>No. {number}</translation>
    </message>
    <message>
        <source>{points} points to spend</source>
        <translation>{points} puan harcanabilir</translation>
    </message>
    <message>
        <source>{points} more on {day}</source>
        <translation>{day} tarihinde {points} puan daha</translation>
    </message>
    <message>
        <source>{points} pending</source>
        <translation>{points} puan bekliyor</translation>
    </message>
    <message>
        <source>{consent}: given</source>
        <translation>{consent}: verildi</translation>
    </message>
    <message>
        <source>{consent}: not given</source>
        <translation>{consent}: verilmedi</translation>
    </message>
    <message>
        <source>No customer has this loyalty QR.</source>
        <translation>Bu sadakat QR koduna sahip müşteri yok.</translation>
    </message>
    <message>
        <source>Customer: {name}</source>
        <translation>Müşteri: {name}</translation>
    </message>
    <message>
        <source>Find, sign up or change the sale&apos;s customer</source>
        <translation>Satışın müşterisini bul, kaydet veya değiştir</translation>
    </message>
</context>
<context>
    <name>CustomerTexts</name>
    <message>
        <source>Loyalty profiling (personal offers from purchases)</source>
        <translation>Sadakat profillemesi (alışverişlere göre kişisel teklifler)</translation>
    </message>
    <message>
        <source>Commercial messages by SMS</source>
        <translation>SMS ile ticari elektronik ileti</translation>
    </message>
    <message>
        <source>Commercial messages by e-mail</source>
        <translation>E-posta ile ticari elektronik ileti</translation>
    </message>
    <message>
        <source>Commercial messages by phone call</source>
        <translation>Telefon araması ile ticari ileti</translation>
    </message>
    <message>
        <source>Profiling</source>
        <translation>Profilleme</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-posta</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Arama</translation>
    </message>
    <message>
        <source>Loyalty membership does not depend on these consents: each is optional and can be withdrawn at any time.</source>
        <translation>Sadakat üyeliği bu açık rızalara bağlı değildir: her biri isteğe bağlıdır ve dilediği zaman geri alınabilir.</translation>
    </message>
    <message>
        <source>e-mail only</source>
        <translation>yalnızca e-posta</translation>
    </message>
    <message>
        <source>No. {number}</source>
        <translation>No. {number}</translation>
    </message>
    <message>
        <source>{points} points</source>
        <translation>{points} puan</translation>
    </message>
</context>
<context>
    <name>DiscountDialog</name>
    <message>
        <source>Percent (%)</source>
        <translation>Yüzde (%)</translation>
    </message>
    <message>
        <source>Amount (₺)</source>
        <translation>Tutar (₺)</translation>
    </message>
    <message>
        <source>0 removes the discount</source>
        <translation>0 indirimi kaldırır</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>İndirim</translation>
    </message>
    <message>
        <source>Type a percentage from 0 to 100.</source>
        <translation>0 ile 100 arasında bir yüzde girin.</translation>
    </message>
    <message>
        <source>Type an amount, for example 12,50.</source>
        <translation>Bir tutar girin, örneğin 12,50.</translation>
    </message>
</context>
<context>
    <name>EnrolDialog</name>
    <message>
        <source>Enrol this till</source>
        <translation>Kasayı merkeze bağla</translation>
    </message>
    <message>
        <source>Connect this till to the backend</source>
        <translation>Bu kasayı merkez sunucuya bağlayın</translation>
    </message>
    <message>
        <source>Type the server address and the one-time enrolment code from the back office (it looks like ABCD-EFGH). Once enrolled the till keeps selling without a connection and sends its sales when it is back.</source>
        <translation>Sunucu adresini ve merkezden aldığınız tek kullanımlık kayıt kodunu yazın (ABCD-EFGH gibi). Kayıttan sonra kasa bağlantı olmadan da satış yapar, satışları bağlantı gelince gönderir.</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Sunucu adresi</translation>
    </message>
    <message>
        <source>Enrolment code</source>
        <translation>Kayıt kodu</translation>
    </message>
    <message>
        <source>Connecting to the server…</source>
        <translation>Sunucuya bağlanılıyor…</translation>
    </message>
    <message>
        <source>Connecting to the server</source>
        <translation>Sunucuya bağlanılıyor</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>İptal (Esc)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>İptal</translation>
    </message>
    <message>
        <source>Start the till (Enter)</source>
        <translation>Kasayı başlat (Enter)</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Başlat</translation>
    </message>
    <message>
        <source>Enrol (Enter)</source>
        <translation>Bağla (Enter)</translation>
    </message>
    <message>
        <source>Enrol</source>
        <translation>Bağla</translation>
    </message>
    <message>
        <source>Enrolled: {store} ({store_code}), till {terminal}.
Receipt numbers start at {prefix}-000001.</source>
        <translation>Bağlandı: {store} ({store_code}), kasa {terminal}.
Fiş numaraları {prefix}-000001 ile başlar.</translation>
    </message>
    <message>
        <source>Type the server address.</source>
        <translation>Sunucu adresini yazın.</translation>
    </message>
    <message>
        <source>Type the enrolment code.</source>
        <translation>Kayıt kodunu yazın.</translation>
    </message>
    <message>
        <source>The enrolment failed unexpectedly ({detail}). The log has the details.</source>
        <translation>Kayıt beklenmedik biçimde başarısız oldu ({detail}). Ayrıntılar günlük dosyasında.</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>A delivery needs the full address: street, number, district, city.</source>
        <translation>Adrese teslimat için tam adres gerekli: cadde/sokak, numara, ilçe, il.</translation>
    </message>
    <message>
        <source>The delivery address is too long (500 characters at most).</source>
        <translation>Teslimat adresi çok uzun (en fazla 500 karakter).</translation>
    </message>
    <message>
        <source>Choose pickup at another store or delivery to an address.</source>
        <translation>Başka mağazadan teslim ya da adrese teslimat seçin.</translation>
    </message>
    <message>
        <source>Enter the customer&apos;s name for the order.</source>
        <translation>Sipariş için müşterinin adını girin.</translation>
    </message>
    <message>
        <source>Say where the ordered goods go before taking the payment.</source>
        <translation>Ödemeyi almadan önce sipariş edilen ürünlerin nereye gideceğini seçin.</translation>
    </message>
    <message>
        <source>An exchange takes goods from this store: order other goods in a separate sale.</source>
        <translation>Değişim bu mağazanın ürünleriyle yapılır: diğer ürünleri ayrı bir satışta sipariş edin.</translation>
    </message>
    <message>
        <source>The customer&apos;s name is too long.</source>
        <translation>Müşterinin adı çok uzun.</translation>
    </message>
    <message>
        <source>This sale already sends goods to another place: finish it first.</source>
        <translation>Bu satış ürünleri zaten başka bir yere gönderiyor: önce onu tamamlayın.</translation>
    </message>
    <message>
        <source>Enter a phone number so the customer can be reached about the order.</source>
        <translation>Sipariş hakkında ulaşılabilmesi için müşterinin telefon numarasını girin.</translation>
    </message>
    <message>
        <source>Finish the pickup payment before ordering other goods.</source>
        <translation>Başka ürün sipariş etmeden önce teslim ödemesini tamamlayın.</translation>
    </message>
    <message>
        <source>That is this store: sell the item from the shelf instead.</source>
        <translation>Bu mağaza zaten burası: ürünü raftan satın.</translation>
    </message>
    <message>
        <source>Choose the store where the customer picks the order up.</source>
        <translation>Müşterinin siparişi teslim alacağı mağazayı seçin.</translation>
    </message>
    <message>
        <source>That person may not approve this.</source>
        <translation>Bu kişi bunu onaylayamaz.</translation>
    </message>
    <message>
        <source>This needs a supervisor&apos;s or manager&apos;s approval.</source>
        <translation>Bunun için sorumlu veya müdür onayı gerekir.</translation>
    </message>
    <message>
        <source>This line belongs to the web order being paid: it cannot be changed here.</source>
        <translation>Bu satır ödenen web siparişine ait: burada değiştirilemez.</translation>
    </message>
    <message>
        <source>A price-labelled item cannot be changed.</source>
        <translation>Fiyat etiketli ürün değiştirilemez.</translation>
    </message>
    <message>
        <source>Items sold by the piece need a whole number.</source>
        <translation>Adetle satılan ürünlerde tam sayı girin.</translation>
    </message>
    <message>
        <source>{name} would come to {amount_minor} in one line: a line may come to {limit_minor} at most.</source>
        <translation>{name} tek satırda {amount_minor} tutuyor: bir satır en çok {limit_minor} tutabilir.</translation>
    </message>
    <message>
        <source>A price cannot be negative.</source>
        <translation>Fiyat eksi olamaz.</translation>
    </message>
    <message>
        <source>A price override needs a reason.</source>
        <translation>Fiyat değişikliği için bir neden gerekir.</translation>
    </message>
    <message>
        <source>The price of {name} is {price_minor}: a till takes unit prices up to {limit_minor}. Check the price.</source>
        <translation>{name} fiyatı {price_minor}: kasa en çok {limit_minor} birim fiyat kabul eder. Fiyatı kontrol edin.</translation>
    </message>
    <message>
        <source>The quantity must be more than zero.</source>
        <translation>Miktar sıfırdan büyük olmalı.</translation>
    </message>
    <message>
        <source>That quantity is too large.</source>
        <translation>Bu miktar çok büyük.</translation>
    </message>
    <message>
        <source>The sale would come to {amount_minor}: one sale may come to {limit_minor} at most. Finish this sale and ring the rest up in another.</source>
        <translation>Satış {amount_minor} tutacak: bir satış en çok {limit_minor} tutabilir. Bu satışı bitirin, kalanını başka bir satışta okutun.</translation>
    </message>
    <message>
        <source>Unknown barcode {code}</source>
        <translation>Bilinmeyen barkod {code}</translation>
    </message>
    <message>
        <source>That line is no longer in the sale.</source>
        <translation>Bu satır artık satışta değil.</translation>
    </message>
    <message>
        <source>Barcode {code} has a weight; the item is sold by piece.</source>
        <translation>{code} barkodunda ağırlık var; ürün adetle satılıyor.</translation>
    </message>
    <message>
        <source>This item is sold by weight: enter the weight.</source>
        <translation>Bu ürün tartılarak satılır: ağırlığı girin.</translation>
    </message>
    <message>
        <source>That weight is too large.</source>
        <translation>Bu ağırlık çok büyük.</translation>
    </message>
    <message>
        <source>Weights have at most three decimals (grams).</source>
        <translation>Ağırlıkta en fazla üç ondalık olur (gram).</translation>
    </message>
    <message>
        <source>{email} is not an e-mail address.</source>
        <translation>{email} bir e-posta adresi değil.</translation>
    </message>
    <message>
        <source>That is not a phone number: enter 10 digits, e.g. 0532 123 45 67.</source>
        <translation>Bu bir telefon numarası değil: 10 hane girin, örn. 0532 123 45 67.</translation>
    </message>
    <message>
        <source>The loyalty QR could not be read. Scan it again or search by phone.</source>
        <translation>Sadakat QR kodu okunamadı. Yeniden okutun ya da telefonla arayın.</translation>
    </message>
    <message>
        <source>Enter a phone number or an e-mail address.</source>
        <translation>Bir telefon numarası ya da e-posta adresi girin.</translation>
    </message>
    <message>
        <source>A customer with this phone number or e-mail address already exists.</source>
        <translation>Bu telefon numarası ya da e-posta adresiyle kayıtlı bir müşteri zaten var.</translation>
    </message>
    <message>
        <source>Enter the customer&apos;s name.</source>
        <translation>Müşterinin adını girin.</translation>
    </message>
    <message>
        <source>The name is too long.</source>
        <translation>Ad çok uzun.</translation>
    </message>
    <message>
        <source>The KVKK notice changed meanwhile: show the new one and ask again.</source>
        <translation>Bu arada KVKK aydınlatma metni değişti: yenisini gösterip yeniden sorun.</translation>
    </message>
    <message>
        <source>The KVKK notice is acknowledged at sign-up; it is not given or withdrawn.</source>
        <translation>KVKK aydınlatma metni kayıtta okunduğu onaylanır; verilip geri alınan bir onay değildir.</translation>
    </message>
    <message>
        <source>Show the KVKK notice and tick that the customer was informed.</source>
        <translation>KVKK aydınlatma metnini gösterin ve müşterinin bilgilendirildiğini işaretleyin.</translation>
    </message>
    <message>
        <source>This customer is not on this till.</source>
        <translation>Bu müşteri bu kasada kayıtlı değil.</translation>
    </message>
    <message>
        <source>Unknown consent: {purpose}.</source>
        <translation>Bilinmeyen onay: {purpose}.</translation>
    </message>
    <message>
        <source>A percentage discount has at most two decimals.</source>
        <translation>Yüzde indirimde en fazla iki ondalık olur.</translation>
    </message>
    <message>
        <source>A discount cannot be more than 100 %.</source>
        <translation>İndirim %100&apos;den fazla olamaz.</translation>
    </message>
    <message>
        <source>A discount must be more than zero.</source>
        <translation>İndirim sıfırdan büyük olmalı.</translation>
    </message>
    <message>
        <source>That enrolment code is unknown, already used or expired. Ask the back office for a new one.</source>
        <translation>Bu kayıt kodu bilinmiyor, kullanılmış ya da süresi dolmuş. Merkezden yeni bir kod isteyin.</translation>
    </message>
    <message>
        <source>{url} is not a server address: it starts with https:// and names the server.</source>
        <translation>{url} bir sunucu adresi değil: https:// ile başlar ve sunucunun adını içerir.</translation>
    </message>
    <message>
        <source>The server {url} could not enrol this till. Try again; if it happens again, tell the back office.</source>
        <translation>{url} sunucusu bu kasayı kaydedemedi. Yeniden deneyin; tekrar olursa merkeze bildirin.</translation>
    </message>
    <message>
        <source>This till is already set up as {terminal} and this code is for another till. Ask the back office for a code for this till.</source>
        <translation>Bu kasa zaten {terminal} olarak kurulu ve bu kod başka bir kasa için. Merkezden bu kasa için bir kod isteyin.</translation>
    </message>
    <message>
        <source>The server {url} cannot be reached. Check the address and the network, then try again.</source>
        <translation>{url} sunucusuna ulaşılamıyor. Adresi ve ağ bağlantısını kontrol edip yeniden deneyin.</translation>
    </message>
    <message>
        <source>The exchange credit does not match the returned goods.</source>
        <translation>Değişim alacağı iade edilen ürünlerle uyuşmuyor.</translation>
    </message>
    <message>
        <source>A gift card is loaded with at most {max_minor}.</source>
        <translation>Bir hediye kartına en fazla {max_minor} yüklenebilir.</translation>
    </message>
    <message>
        <source>A gift card is loaded with at least {min_minor}.</source>
        <translation>Bir hediye kartına en az {min_minor} yüklenir.</translation>
    </message>
    <message>
        <source>Card {last4} is blocked: take another payment.</source>
        <translation>{last4} kartı bloke: başka bir ödeme alın.</translation>
    </message>
    <message>
        <source>That is not a valid card code: a symbol is mistyped or misread. Check the code and try again.</source>
        <translation>Bu geçerli bir kart kodu değil: bir karakter yanlış yazılmış ya da okunmuş. Kodu kontrol edip yeniden deneyin.</translation>
    </message>
    <message>
        <source>A card code has {expected} symbols; this one has {count}.</source>
        <translation>Bir kart kodu {expected} karakterdir; bu kodda {count} karakter var.</translation>
    </message>
    <message>
        <source>“{symbol}” at position {position} is not a card code symbol.</source>
        <translation>{position}. sıradaki “{symbol}” bir kart kodu karakteri değil.</translation>
    </message>
    <message>
        <source>Sell gift cards outside an exchange, in a sale of their own.</source>
        <translation>Hediye kartını değişim dışında, ayrı bir satışta satın.</translation>
    </message>
    <message>
        <source>Card {last4} has expired.</source>
        <translation>{last4} kartının süresi dolmuş.</translation>
    </message>
    <message>
        <source>Card {last4} holds only {available_minor}.</source>
        <translation>{last4} kartında yalnızca {available_minor} var.</translation>
    </message>
    <message>
        <source>A gift card is sold at its face value: no discount.</source>
        <translation>Hediye kartı yüzey değerinden satılır: indirim yapılamaz.</translation>
    </message>
    <message>
        <source>Gift cards are sold as the catalogue item {sku}: it is not in this till&apos;s catalogue yet.</source>
        <translation>Hediye kartları {sku} katalog ürünü olarak satılır: bu ürün kasanın kataloğunda henüz yok.</translation>
    </message>
    <message>
        <source>Gift cards are not taken here: ask staff.</source>
        <translation>Burada hediye kartı kabul edilmiyor: görevliye danışın.</translation>
    </message>
    <message>
        <source>Gift card {last4} cannot be returned: its value stays on the card.</source>
        <translation>{last4} hediye kartı iade edilemez: değeri kartta kalır.</translation>
    </message>
    <message>
        <source>Offline, card {last4} can pay at most {allowed_minor} now (its balance and offline limit).</source>
        <translation>Çevrimdışıyken {last4} kartıyla şu an en fazla {allowed_minor} ödenebilir (bakiyesi ve çevrimdışı sınırı).</translation>
    </message>
    <message>
        <source>The card paid with is not known on this till.</source>
        <translation>Ödemede kullanılan kart bu kasada bilinmiyor.</translation>
    </message>
    <message>
        <source>A store-credit card cannot be topped up.</source>
        <translation>Mağaza kredisi kartına yükleme yapılamaz.</translation>
    </message>
    <message>
        <source>Card {last4} is already in this sale.</source>
        <translation>{last4} kartı bu satışta zaten var.</translation>
    </message>
    <message>
        <source>This card is not known: check the code. Offline, the till knows only the cards it has synced or sold.</source>
        <translation>Bu kart bilinmiyor: kodu kontrol edin. Çevrimdışıyken kasa yalnızca eşitlediği ya da sattığı kartları bilir.</translation>
    </message>
    <message>
        <source>This card cannot be checked offline (the till has never seen it): take another payment, or try again once the till is online.</source>
        <translation>Bu kart çevrimdışıyken kontrol edilemiyor (kasa bu kartı hiç görmedi): başka bir ödeme alın ya da kasa çevrimiçi olunca yeniden deneyin.</translation>
    </message>
    <message>
        <source>A points payment names no points: remove it and add it again.</source>
        <translation>Puanla ödemede puan sayısı yok: ödemeyi kaldırıp yeniden ekleyin.</translation>
    </message>
    <message>
        <source>The customer has only {available} points to spend.</source>
        <translation>Müşterinin kullanabileceği yalnızca {available} puan var.</translation>
    </message>
    <message>
        <source>Attach the customer before spending points.</source>
        <translation>Puan kullanmadan önce müşteriyi satışa ekleyin.</translation>
    </message>
    <message>
        <source>Points cannot be spent yet: this till has not received the loyalty rules.</source>
        <translation>Puan henüz kullanılamaz: bu kasa sadakat kurallarını henüz almadı.</translation>
    </message>
    <message>
        <source>This till does not take points.</source>
        <translation>Bu kasa puanla ödeme almıyor.</translation>
    </message>
    <message>
        <source>Offline, at most {points_left} points can be spent now ({bound}).</source>
        <translation>Çevrimdışıyken şu an en fazla {points_left} puan kullanılabilir ({bound}).</translation>
    </message>
    <message>
        <source>The points payment refunded is not on this till.</source>
        <translation>İade edilen puanla ödeme bu kasada yok.</translation>
    </message>
    <message>
        <source>The points could not be reserved: the server refused the request. Try again or take another payment.</source>
        <translation>Puanlar ayrılamadı: sunucu isteği reddetti. Yeniden deneyin ya da başka bir ödeme alın.</translation>
    </message>
    <message>
        <source>{name} is not a manager: manager mode needs a manager&apos;s PIN.</source>
        <translation>{name} yönetici değil: yönetici modu için yönetici PIN&apos;i gerekir.</translation>
    </message>
    <message>
        <source>That is not an amount.</source>
        <translation>Bu bir tutar değil.</translation>
    </message>
    <message>
        <source>Amounts have at most two decimals.</source>
        <translation>Tutarlarda en fazla iki ondalık olur.</translation>
    </message>
    <message>
        <source>Park or finish the current sale first.</source>
        <translation>Önce mevcut satışı bekletin veya bitirin.</translation>
    </message>
    <message>
        <source>An empty sale cannot be parked.</source>
        <translation>Boş satış bekletilemez.</translation>
    </message>
    <message>
        <source>An exchange cannot be parked; finish or void it.</source>
        <translation>Değişim bekletilemez; bitirin veya iptal edin.</translation>
    </message>
    <message>
        <source>That parked sale no longer exists.</source>
        <translation>Bu bekleyen satış artık yok.</translation>
    </message>
    <message>
        <source>The sale is already fully paid.</source>
        <translation>Satışın tamamı zaten ödendi.</translation>
    </message>
    <message>
        <source>Enter the card terminal&apos;s approval code.</source>
        <translation>Kart terminalinin onay kodunu girin.</translation>
    </message>
    <message>
        <source>A card cannot pay more than what is left.</source>
        <translation>Kartla kalan tutardan fazlası ödenemez.</translation>
    </message>
    <message>
        <source>Remove the approved card payment (refund it) first.</source>
        <translation>Önce onaylanan kart ödemesini kaldırın (iade edin).</translation>
    </message>
    <message>
        <source>The cash is less than what is due.</source>
        <translation>Nakit, ödenecek tutardan az.</translation>
    </message>
    <message>
        <source>{amount_minor} in cash is more than any sale comes to: check the amount.</source>
        <translation>{amount_minor} nakit, hiçbir satışın tutamayacağı kadar çok: tutarı kontrol edin.</translation>
    </message>
    <message>
        <source>The exchange credit cannot be removed.</source>
        <translation>Değişim alacağı kaldırılamaz.</translation>
    </message>
    <message>
        <source>Finish or cancel the payment first.</source>
        <translation>Önce ödemeyi bitirin veya iptal edin.</translation>
    </message>
    <message>
        <source>Use a return for a negative amount.</source>
        <translation>Eksi tutar için iade kullanın.</translation>
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation>Tutar sıfırdan büyük olmalı.</translation>
    </message>
    <message>
        <source>Start the payment first.</source>
        <translation>Önce ödemeyi başlatın.</translation>
    </message>
    <message>
        <source>{points} points are worth more than what is left to pay: at most {max_points}.</source>
        <translation>{points} puan kalan tutardan fazla ediyor: en fazla {max_points} puan.</translation>
    </message>
    <message>
        <source>That payment is no longer there.</source>
        <translation>Bu ödeme artık yok.</translation>
    </message>
    <message>
        <source>Voucher {code} has only {balance_minor} left.</source>
        <translation>{code} kredi fişinde yalnızca {balance_minor} kaldı.</translation>
    </message>
    <message>
        <source>{code} is a store-credit card: take it with Gift card (F8).</source>
        <translation>{code} bir mağaza kredisi kartı: Hediye kartı (F8) ile alın.</translation>
    </message>
    <message>
        <source>The printer setting {uri} is not valid.</source>
        <translation>Yazıcı ayarı {uri} geçersiz.</translation>
    </message>
    <message>
        <source>Printer profile {profile} cannot print Turkish ({code_page}).</source>
        <translation>{profile} yazıcı profili Türkçe yazdıramaz ({code_page}).</translation>
    </message>
    <message>
        <source>Unknown printer profile {profile}.</source>
        <translation>Bilinmeyen yazıcı profili {profile}.</translation>
    </message>
    <message>
        <source>The receipt logo {path} cannot be read.</source>
        <translation>Fiş logosu {path} okunamıyor.</translation>
    </message>
    <message>
        <source>That print job no longer exists.</source>
        <translation>Bu yazdırma işi artık yok.</translation>
    </message>
    <message>
        <source>That print job has already moved on; the list is refreshed.</source>
        <translation>Bu yazdırma işinin durumu değişti; liste yenilendi.</translation>
    </message>
    <message>
        <source>Printing is not set up on this terminal.</source>
        <translation>Bu kasada yazdırma kurulu değil.</translation>
    </message>
    <message>
        <source>There is no receipt to print again yet.</source>
        <translation>Henüz yeniden basılacak fiş yok.</translation>
    </message>
    <message>
        <source>Choose paper, e-receipt or both.</source>
        <translation>Kağıt, e-fiş veya ikisini birden seçin.</translation>
    </message>
    <message>
        <source>Enter the card terminal&apos;s refund approval code.</source>
        <translation>Kart terminalinin iade onay kodunu girin.</translation>
    </message>
    <message>
        <source>Choose what is being returned.</source>
        <translation>İade edilecek ürünleri seçin.</translation>
    </message>
    <message>
        <source>The refund is more than what is left of the original payment.</source>
        <translation>İade, asıl ödemeden kalan tutardan fazla.</translation>
    </message>
    <message>
        <source>Scan the receipt or start a return without receipt.</source>
        <translation>Fişi okutun veya fişsiz iade başlatın.</translation>
    </message>
    <message>
        <source>That receipt is itself a return.</source>
        <translation>Bu fiş zaten bir iade fişi.</translation>
    </message>
    <message>
        <source>That item is not on this receipt, or was returned.</source>
        <translation>Bu ürün bu fişte yok ya da iade edilmiş.</translation>
    </message>
    <message>
        <source>Start a return first.</source>
        <translation>Önce bir iade başlatın.</translation>
    </message>
    <message>
        <source>There is nothing to refund.</source>
        <translation>İade edilecek bir şey yok.</translation>
    </message>
    <message>
        <source>Only {returnable} of that item can still be returned.</source>
        <translation>Bu üründen en fazla {returnable} daha iade edilebilir.</translation>
    </message>
    <message>
        <source>The return quantity must be more than zero.</source>
        <translation>İade miktarı sıfırdan büyük olmalı.</translation>
    </message>
    <message>
        <source>Finish or park the current sale first.</source>
        <translation>Önce mevcut satışı bitirin veya bekletin.</translation>
    </message>
    <message>
        <source>The refund would come to {amount_minor}: one return may refund {limit_minor} at most. Finish this return and take the rest back in another.</source>
        <translation>İade {amount_minor} tutacak: bir iadede en çok {limit_minor} geri ödenebilir. Bu iadeyi bitirin, kalanını başka bir iadede alın.</translation>
    </message>
    <message>
        <source>No sale with receipt {receipt_no}.</source>
        <translation>{receipt_no} numaralı fişe ait satış yok.</translation>
    </message>
    <message>
        <source>Choose how to refund: online payment, store credit or exchange.</source>
        <translation>İade şeklini seçin: çevrimiçi ödeme, mağaza kredisi ya da değişim.</translation>
    </message>
    <message>
        <source>{name} comes back in whole pieces, more than zero.</source>
        <translation>{name} sıfırdan fazla ve tam adet olarak iade edilir.</translation>
    </message>
    <message>
        <source>This order was paid in {currency}: it cannot be refunded at this till.</source>
        <translation>Bu sipariş {currency} ile ödendi: bu kasada iade edilemez.</translation>
    </message>
    <message>
        <source>{number} was not paid online: refund as store credit or exchange.</source>
        <translation>{number} çevrimiçi ödenmedi: mağaza kredisi ya da değişim olarak iade edin.</translation>
    </message>
    <message>
        <source>Only {left_milli} of {name} can still be returned.</source>
        <translation>{name} ürününden en fazla {left_milli} daha iade edilebilir.</translation>
    </message>
    <message>
        <source>That item is not on web order {number}.</source>
        <translation>Bu ürün {number} web siparişinde yok.</translation>
    </message>
    <message>
        <source>Web order {number} is not returnable here (not in the synced data).</source>
        <translation>{number} web siparişi burada iade edilemez (eşitlenen verilerde yok).</translation>
    </message>
    <message>
        <source>Item {sku} is not in this till&apos;s catalogue yet: sync, then try again.</source>
        <translation>{sku} ürünü bu kasanın kataloğunda henüz yok: eşitleyip yeniden deneyin.</translation>
    </message>
    <message>
        <source>This order is already paid online: hand it over instead.</source>
        <translation>Bu sipariş çevrimiçi ödenmiş: doğrudan teslim edin.</translation>
    </message>
    <message>
        <source>Every item is refused: cancel the order with the web shop instead.</source>
        <translation>Tüm ürünler reddedildi: siparişi web mağazasından iptal edin.</translation>
    </message>
    <message>
        <source>A refused quantity must be between zero and what was ordered ({sku}).</source>
        <translation>Reddedilen miktar sıfır ile sipariş edilen arasında olmalı ({sku}).</translation>
    </message>
    <message>
        <source>Verify the pickup code or an ID document.</source>
        <translation>Teslim kodunu ya da bir kimlik belgesini doğrulayın.</translation>
    </message>
    <message>
        <source>Note which ID document was checked.</source>
        <translation>Hangi kimlik belgesine bakıldığını yazın.</translation>
    </message>
    <message>
        <source>An item of this order is not in this till&apos;s catalogue yet: sync, then try again.</source>
        <translation>Bu siparişin bir ürünü kasanın kataloğunda henüz yok: senkronize edip yeniden deneyin.</translation>
    </message>
    <message>
        <source>No such pickup order here.</source>
        <translation>Bu mağazada böyle bir teslim siparişi yok.</translation>
    </message>
    <message>
        <source>No completed sale paid for this order.</source>
        <translation>Bu sipariş için ödenmiş bir satış yok.</translation>
    </message>
    <message>
        <source>This order is paid in store: ring it up and take the payment first.</source>
        <translation>Bu sipariş mağazada ödenecek: önce kasadan geçirip ödemeyi alın.</translation>
    </message>
    <message>
        <source>Wrong pickup code: ask for the code in the order message, or check an ID.</source>
        <translation>Teslim kodu yanlış: sipariş mesajındaki kodu isteyin ya da kimliğe bakın.</translation>
    </message>
    <message>
        <source>{number} is {state} now; refresh and try again.</source>
        <translation>{number} şu an {state}; yenileyip tekrar deneyin.</translation>
    </message>
    <message>
        <source>The sale is empty.</source>
        <translation>Satış boş.</translation>
    </message>
    <message>
        <source>The sale is not fully paid.</source>
        <translation>Satışın tamamı ödenmedi.</translation>
    </message>
    <message>
        <source>Finish the payment or the return first.</source>
        <translation>Önce ödemeyi veya iadeyi bitirin.</translation>
    </message>
    <message>
        <source>The total changed; start the payment again.</source>
        <translation>Toplam değişti; ödemeyi yeniden başlatın.</translation>
    </message>
    <message>
        <source>Sign in first.</source>
        <translation>Önce giriş yapın.</translation>
    </message>
    <message>
        <source>A shift is already open.</source>
        <translation>Zaten açık bir vardiya var.</translation>
    </message>
    <message>
        <source>A count cannot be negative.</source>
        <translation>Sayım eksi olamaz.</translation>
    </message>
    <message>
        <source>The float cannot be negative.</source>
        <translation>Açılış nakdi eksi olamaz.</translation>
    </message>
    <message>
        <source>Open a shift first.</source>
        <translation>Önce vardiya açın.</translation>
    </message>
    <message>
        <source>This till&apos;s data is a copy in use on another till, so it cannot sell: its sales are kept. Ask a manager to enrol this till again with a new code.</source>
        <translation>Bu kasanın verileri başka bir kasada kullanılan bir kopya, bu yüzden satış yapamaz: satışları saklanır. Bir yöneticiden bu kasayı yeni bir kodla yeniden kaydetmesini isteyin.</translation>
    </message>
    <message>
        <source>Finish or park the sale before closing the shift.</source>
        <translation>Vardiyayı kapatmadan önce satışı bitirin veya bekletin.</translation>
    </message>
    <message>
        <source>Count the drawer again: this count is more than {limit_minor} away from the expected cash. Correct any wrong row and close again; if it is still that far off, a supervisor must approve.</source>
        <translation>Çekmeceyi yeniden sayın: bu sayım, olması gereken nakitten {limit_minor} tutarından fazla farklı. Yanlış satırı düzeltip yeniden kapatın; fark yine bu kadar büyükse bir sorumlu onaylamalı.</translation>
    </message>
    <message>
        <source>A delivery note number has at most 64 characters.</source>
        <translation>İrsaliye numarası en fazla 64 karakter olur.</translation>
    </message>
    <message>
        <source>Choose a reason: damage, theft, waste or correction.</source>
        <translation>Bir neden seçin: hasar, hırsızlık, fire ya da düzeltme.</translation>
    </message>
    <message>
        <source>A shelf label has 1 to 32 characters.</source>
        <translation>Raf etiketi 1 ile 32 karakter arasında olur.</translation>
    </message>
    <message>
        <source>Delivery note {reference} was already received at this store.</source>
        <translation>{reference} numaralı irsaliye bu mağazada zaten kabul edildi.</translation>
    </message>
    <message>
        <source>Enter the delivery note number first.</source>
        <translation>Önce irsaliye numarasını girin.</translation>
    </message>
    <message>
        <source>{sku} is counted in pieces: use a whole number.</source>
        <translation>{sku} adetle sayılır: tam sayı girin.</translation>
    </message>
    <message>
        <source>Damage, theft and waste take stock away: {sku} must be negative.</source>
        <translation>Hasar, hırsızlık ve fire stoktan düşer: {sku} eksi olmalı.</translation>
    </message>
    <message>
        <source>A count cannot be below zero ({sku}).</source>
        <translation>Sayım sıfırın altında olamaz ({sku}).</translation>
    </message>
    <message>
        <source>The quantity of {sku} must be more than zero.</source>
        <translation>{sku} miktarı sıfırdan büyük olmalı.</translation>
    </message>
    <message>
        <source>Choose the store the goods go to.</source>
        <translation>Malların gideceği mağazayı seçin.</translation>
    </message>
    <message>
        <source>Nothing is counted yet: scan a shelf label, then its items.</source>
        <translation>Henüz hiçbir şey sayılmadı: önce raf etiketini, sonra raftaki ürünleri okutun.</translation>
    </message>
    <message>
        <source>Scan the delivered items first.</source>
        <translation>Önce gelen ürünleri okutun.</translation>
    </message>
    <message>
        <source>Scan or find the items to adjust first.</source>
        <translation>Önce düzeltilecek ürünleri okutun ya da bulun.</translation>
    </message>
    <message>
        <source>Scan the items to send first.</source>
        <translation>Önce gönderilecek ürünleri okutun.</translation>
    </message>
    <message>
        <source>That quantity of {sku} is too large.</source>
        <translation>{sku} için bu miktar çok büyük.</translation>
    </message>
    <message>
        <source>The goods are already at {store}: choose another store.</source>
        <translation>Mallar zaten {store} mağazasında: başka bir mağaza seçin.</translation>
    </message>
    <message>
        <source>No item has the barcode, SKU or PLU {code}.</source>
        <translation>{code} barkodlu, stok kodlu ya da PLU&apos;lu ürün yok.</translation>
    </message>
    <message>
        <source>That item is not in this till&apos;s catalogue.</source>
        <translation>Bu ürün bu kasanın kataloğunda yok.</translation>
    </message>
    <message>
        <source>Store {store} is not known here: sync, then try again.</source>
        <translation>{store} mağazası burada bilinmiyor: eşitleyip yeniden deneyin.</translation>
    </message>
    <message>
        <source>A quantity cannot be zero.</source>
        <translation>Miktar sıfır olamaz.</translation>
    </message>
    <message>
        <source>This till is not enrolled with a backend yet.</source>
        <translation>Bu kasa henüz bir merkez sunucuya kayıtlı değil.</translation>
    </message>
    <message>
        <source>A PIN has {min} to {max} digits.</source>
        <translation>PIN {min} ile {max} haneden oluşur.</translation>
    </message>
    <message>
        <source>Too many wrong PINs: locked for {minutes} minutes, until {until}.</source>
        <translation>Çok fazla yanlış PIN: {minutes} dakika, {until} saatine kadar kilitli.</translation>
    </message>
    <message>
        <source>Too many wrong PINs: locked until a manager resets the PIN.</source>
        <translation>Çok fazla yanlış PIN: bir yönetici PIN&apos;i sıfırlayana kadar kilitli.</translation>
    </message>
    <message>
        <source>This PIN cannot be checked: the till&apos;s PIN key file is missing. A manager must set a new PIN.</source>
        <translation>Bu PIN doğrulanamıyor: kasanın PIN anahtar dosyası eksik. Bir yönetici yeni bir PIN belirlemeli.</translation>
    </message>
    <message>
        <source>This role&apos;s PIN needs at least {min} digits.</source>
        <translation>Bu roldeki kullanıcının PIN&apos;i en az {min} haneli olmalı.</translation>
    </message>
    <message>
        <source>That PIN is too easy to guess: choose another.</source>
        <translation>Bu PIN kolay tahmin edilir: başka bir PIN seçin.</translation>
    </message>
    <message>
        <source>the customer&apos;s spendable points</source>
        <translation>müşterinin kullanılabilir puanı</translation>
    </message>
    <message>
        <source>the offline limit per customer</source>
        <translation>müşteri başına çevrimdışı sınır</translation>
    </message>
    <message>
        <source>this till&apos;s offline points budget</source>
        <translation>bu kasanın çevrimdışı puan bütçesi</translation>
    </message>
    <message>
        <source>This user is not active.</source>
        <translation>Bu kullanıcı etkin değil.</translation>
    </message>
    <message>
        <source>Unknown user.</source>
        <translation>Bilinmeyen kullanıcı.</translation>
    </message>
    <message>
        <source>Wrong PIN.</source>
        <translation>Yanlış PIN.</translation>
    </message>
</context>
<context>
    <name>ExceptionsTab</name>
    <message>
        <source>The backend raises these when sales made offline took the stock below zero. Count the item: the exception closes when the count has synced.</source>
        <translation>Çevrimdışı yapılan satışlar stoku sıfırın altına düşürünce merkez bu uyarıları açar. Ürünü sayın: sayım eşitlenince uyarı kapanır.</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Ürün</translation>
    </message>
    <message>
        <source>Backend said</source>
        <translation>Merkezdeki</translation>
    </message>
    <message>
        <source>Here now</source>
        <translation>Şu an burada</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Açılış</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>Stok kodu</translation>
    </message>
    <message>
        <source>Stock exceptions</source>
        <translation>Stok uyarıları</translation>
    </message>
    <message>
        <source>Count now</source>
        <translation>Şimdi say</translation>
    </message>
    <message>
        <source>Count the item now</source>
        <translation>Ürünü şimdi say</translation>
    </message>
    <message>
        <source>{days} d ago</source>
        <translation>{days} gün önce</translation>
    </message>
</context>
<context>
    <name>FindCustomerDialog</name>
    <message>
        <source>Customer</source>
        <translation>Müşteri</translation>
    </message>
    <message>
        <source>Find the customer</source>
        <translation>Müşteriyi bulun</translation>
    </message>
    <message>
        <source>Phone number or name, or scan the loyalty QR</source>
        <translation>Telefon numarası veya ad ya da sadakat QR kodunu okutun</translation>
    </message>
    <message>
        <source>Customer search</source>
        <translation>Müşteri arama</translation>
    </message>
    <message>
        <source>Customers found</source>
        <translation>Bulunan müşteriler</translation>
    </message>
    <message>
        <source>New customer</source>
        <translation>Yeni müşteri</translation>
    </message>
    <message>
        <source>Attach (Enter)</source>
        <translation>Satışa ekle (Enter)</translation>
    </message>
    <message>
        <source>Attach to the sale</source>
        <translation>Satışa ekle</translation>
    </message>
    <message>
        <source>The customer&apos;s loyalty QR is on their account page and e-receipts.</source>
        <translation>Müşterinin sadakat QR kodu hesap sayfasında ve e-fişlerinde yer alır.</translation>
    </message>
    <message>
        <source>Type a little more.</source>
        <translation>Biraz daha yazın.</translation>
    </message>
    <message>
        <source>No customer found. Sign them up as a new customer?</source>
        <translation>Müşteri bulunamadı. Yeni müşteri olarak kaydedilsin mi?</translation>
    </message>
    <message>
        <source>Choose the customer and press Enter.</source>
        <translation>Müşteriyi seçip Enter tuşuna basın.</translation>
    </message>
    <message>
        <source>No customer has this loyalty QR.</source>
        <translation>Bu sadakat QR koduna sahip müşteri yok.</translation>
    </message>
    <message>
        <source>Find the customer first.</source>
        <translation>Önce müşteriyi bulun.</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <source>Cancel (Esc)</source>
        <translation>İptal (Esc)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>İptal</translation>
    </message>
    <message>
        <source>OK (Enter)</source>
        <translation>Tamam (Enter)</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Tamam</translation>
    </message>
</context>
<context>
    <name>Freshness</name>
    <message>
        <source>never synced with the backend</source>
        <translation>merkezle hiç eşitlenmedi</translation>
    </message>
    <message>
        <source>{days} d ago</source>
        <translation>{days} gün önce</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>az önce</translation>
    </message>
    <message>
        <source>{minutes} min ago</source>
        <translation>{minutes} dk önce</translation>
    </message>
    <message>
        <source>{hours} h {minutes} min ago</source>
        <translation>{hours} sa {minutes} dk önce</translation>
    </message>
    <message>
        <source>as of {time} ({ago})</source>
        <translation>{time} itibarıyla ({ago})</translation>
    </message>
</context>
<context>
    <name>GiftCardPayDialog</name>
    <message>
        <source>Pay with a gift card</source>
        <translation>Hediye kartıyla öde</translation>
    </message>
    <message>
        <source>Scan or type the card code, then Enter</source>
        <translation>Kart kodunu okutun ya da yazın, sonra Enter</translation>
    </message>
    <message>
        <source>Card code</source>
        <translation>Kart kodu</translation>
    </message>
    <message>
        <source>Amount to pay with the card</source>
        <translation>Kartla ödenecek tutar</translation>
    </message>
    <message>
        <source>Check card (Enter)</source>
        <translation>Kartı sorgula (Enter)</translation>
    </message>
    <message>
        <source>Check card</source>
        <translation>Kartı sorgula</translation>
    </message>
    <message>
        <source>Pay (Enter)</source>
        <translation>Öde (Enter)</translation>
    </message>
    <message>
        <source>Pay with the card</source>
        <translation>Kartla öde</translation>
    </message>
    <message>
        <source>Scan or type the card code.</source>
        <translation>Kart kodunu okutun ya da yazın.</translation>
    </message>
    <message>
        <source>Type the amount to pay with the card, for example 50,00.</source>
        <translation>Kartla ödenecek tutarı yazın, örneğin 50,00.</translation>
    </message>
</context>
<context>
    <name>GiftCardSaleButton</name>
    <message>
        <source>Gift card</source>
        <translation>Hediye kartı</translation>
    </message>
    <message>
        <source>Gift cards</source>
        <translation>Hediye kartları</translation>
    </message>
    <message>
        <source>Gift cards: sell, top up, check a balance</source>
        <translation>Hediye kartları: satış, bakiye yükleme, bakiye sorgulama</translation>
    </message>
    <message>
        <source>Gift card of {amount} added to the sale.</source>
        <translation>{amount} tutarında hediye kartı satışa eklendi.</translation>
    </message>
</context>
<context>
    <name>GiftCardSaleDialog</name>
    <message>
        <source>Gift cards</source>
        <translation>Hediye kartları</translation>
    </message>
    <message>
        <source>Sell a card</source>
        <translation>Kart sat</translation>
    </message>
    <message>
        <source>E-gift card</source>
        <translation>E-hediye kartı</translation>
    </message>
    <message>
        <source>Top up</source>
        <translation>Bakiye yükle</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Bakiye sorgula</translation>
    </message>
    <message>
        <source>Scan or type the card code</source>
        <translation>Kart kodunu okutun ya da yazın</translation>
    </message>
    <message>
        <source>Card code</source>
        <translation>Kart kodu</translation>
    </message>
    <message>
        <source>{low} to {high}</source>
        <translation>{low} ile {high} arası</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Tutar</translation>
    </message>
    <message>
        <source>Amount to load</source>
        <translation>Yüklenecek tutar</translation>
    </message>
    <message>
        <source>Scan the new card, type the amount ({limits}): the card is activated when the sale is paid.</source>
        <translation>Yeni kartı okutun, tutarı yazın ({limits}): kart, satışın ödemesi alınınca etkinleşir.</translation>
    </message>
    <message>
        <source>Type the amount ({limits}). The code is made when the sale is paid, shown as a QR and printed for the customer.</source>
        <translation>Tutarı yazın ({limits}). Kod, satışın ödemesi alınınca oluşturulur; QR olarak gösterilir ve müşteri için yazdırılır.</translation>
    </message>
    <message>
        <source>Scan the card (Enter shows its balance), then the amount ({limits}): it is loaded when the sale is paid.</source>
        <translation>Kartı okutun (Enter bakiyesini gösterir), sonra tutarı yazın ({limits}): tutar, satışın ödemesi alınınca yüklenir.</translation>
    </message>
    <message>
        <source>Scan or type the card&apos;s code, then Enter.</source>
        <translation>Kartın kodunu okutun ya da yazın, sonra Enter.</translation>
    </message>
    <message>
        <source>Check (Enter)</source>
        <translation>Sorgula (Enter)</translation>
    </message>
    <message>
        <source>Check the balance</source>
        <translation>Bakiyeyi sorgula</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Kapat (Esc)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Kapat</translation>
    </message>
    <message>
        <source>Check card (Enter)</source>
        <translation>Kartı sorgula (Enter)</translation>
    </message>
    <message>
        <source>Check card</source>
        <translation>Kartı sorgula</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>İptal (Esc)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>İptal</translation>
    </message>
    <message>
        <source>Add to sale (Enter)</source>
        <translation>Satışa ekle (Enter)</translation>
    </message>
    <message>
        <source>Add to sale</source>
        <translation>Satışa ekle</translation>
    </message>
    <message>
        <source>Scan or type the card code.</source>
        <translation>Kart kodunu okutun ya da yazın.</translation>
    </message>
    <message>
        <source>Type the amount to load, for example 250.</source>
        <translation>Yüklenecek tutarı yazın, örneğin 250.</translation>
    </message>
</context>
<context>
    <name>GiftCards</name>
    <message>
        <source>Store credit card {last4}</source>
        <translation>Mağaza kredisi kartı {last4}</translation>
    </message>
    <message>
        <source>Gift card {last4}</source>
        <translation>Hediye kartı {last4}</translation>
    </message>
    <message>
        <source>{card}: {amount} (checked with the server now)</source>
        <translation>{card}: {amount} (sunucudan şimdi sorgulandı)</translation>
    </message>
    <message>
        <source>{card}: {amount} (offline: sold on this till, not synced yet)</source>
        <translation>{card}: {amount} (çevrimdışı: bu kasada satıldı, henüz eşitlenmedi)</translation>
    </message>
    <message>
        <source>{card}: {amount} as of {when} (offline: the till&apos;s own figure)</source>
        <translation>{card}: {when} itibarıyla {amount} (çevrimdışı: kasanın kendi kaydı)</translation>
    </message>
</context>
<context>
    <name>HandoverDialog</name>
    <message>
        <source>Hand over {number}</source>
        <translation>{number} teslim et</translation>
    </message>
    <message>
        <source>Paid online ({total}).</source>
        <translation>Çevrimiçi ödendi ({total}).</translation>
    </message>
    <message>
        <source>Pay in store: {total}. Verify the customer, then take the payment.</source>
        <translation>Mağazada ödenecek: {total}. Müşteriyi doğrulayın, sonra ödemeyi alın.</translation>
    </message>
    <message>
        <source>Pickup code</source>
        <translation>Teslim kodu</translation>
    </message>
    <message>
        <source>Verify the pickup code</source>
        <translation>Teslim kodunu doğrula</translation>
    </message>
    <message>
        <source>ID document</source>
        <translation>Kimlik belgesi</translation>
    </message>
    <message>
        <source>Verify an ID document</source>
        <translation>Kimlik belgesini doğrula</translation>
    </message>
    <message>
        <source>The 6-digit code from the customer&apos;s message</source>
        <translation>Müşterinin mesajındaki 6 haneli kod</translation>
    </message>
    <message>
        <source>Which ID was checked, e.g. TC kimlik, last 4 digits</source>
        <translation>Hangi kimliğe bakıldı, ör. TC kimlik, son 4 hane</translation>
    </message>
    <message>
        <source>Items the customer does not take (they go back to stock):</source>
        <translation>Müşterinin almadığı ürünler (stoğa geri döner):</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Ürün</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>Sipariş</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Reddedilen</translation>
    </message>
    <message>
        <source>Hand over (Enter)</source>
        <translation>Teslim et (Enter)</translation>
    </message>
    <message>
        <source>Hand over</source>
        <translation>Teslim et</translation>
    </message>
    <message>
        <source>Take payment (Enter)</source>
        <translation>Ödeme al (Enter)</translation>
    </message>
    <message>
        <source>Take payment</source>
        <translation>Ödeme al</translation>
    </message>
    <message>
        <source>Refund to the online payment: {amount} (the web shop pays it back).</source>
        <translation>Çevrimiçi ödemeye iade: {amount} (web mağazası geri öder).</translation>
    </message>
    <message>
        <source>Not charged: {amount} less to pay.</source>
        <translation>Alınmayacak: {amount} daha az ödenecek.</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Klavye kısayolları</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tuşlar</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>İşlem</translation>
    </message>
    <message>
        <source>Close (Enter)</source>
        <translation>Kapat (Enter)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Kapat</translation>
    </message>
</context>
<context>
    <name>IssuedCardsPanel</name>
    <message>
        <source>Print the card slip again</source>
        <translation>Kart fişini yeniden yazdır</translation>
    </message>
    <message>
        <source>Give the customer the card code: it cannot be shown again after the next sale.</source>
        <translation>Kart kodunu müşteriye verin: sonraki satıştan sonra yeniden gösterilemez.</translation>
    </message>
    <message>
        <source>Store credit card</source>
        <translation>Mağaza kredisi kartı</translation>
    </message>
    <message>
        <source>E-gift card</source>
        <translation>E-hediye kartı</translation>
    </message>
    <message>
        <source>QR code of the card {last4}</source>
        <translation>{last4} kartının QR kodu</translation>
    </message>
    <message>
        <source>Printing the card slip…</source>
        <translation>Kart fişi yazdırılıyor…</translation>
    </message>
    <message>
        <source>Slip printed: give it to the customer.</source>
        <translation>Fiş yazdırıldı: müşteriye verin.</translation>
    </message>
    <message>
        <source>No printer: let the customer scan the QR or write the code down now.</source>
        <translation>Yazıcı yok: müşteri QR kodu şimdi okutsun ya da kodu not etsin.</translation>
    </message>
    <message>
        <source>The slip may not have printed: check the printer, then print it again.</source>
        <translation>Fiş yazdırılmamış olabilir: yazıcıyı kontrol edip yeniden yazdırın.</translation>
    </message>
</context>
<context>
    <name>ItemPicker</name>
    <message>
        <source>Scan, or type a barcode, SKU or name</source>
        <translation>Okutun ya da barkod, stok kodu veya ad yazın</translation>
    </message>
    <message>
        <source>Item to add</source>
        <translation>Eklenecek ürün</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Ekle</translation>
    </message>
    <message>
        <source>Add the item</source>
        <translation>Ürünü ekle</translation>
    </message>
    <message>
        <source>Matching items</source>
        <translation>Eşleşen ürünler</translation>
    </message>
</context>
<context>
    <name>KeyPad</name>
    <message>
        <source>Delete last digit</source>
        <translation>Son rakamı sil</translation>
    </message>
    <message>
        <source>Decimal separator</source>
        <translation>Ondalık ayırıcı</translation>
    </message>
</context>
<context>
    <name>KioskAisle</name>
    <message>
        <source>Delivered to your address in {low}-{high} days</source>
        <translation>{low}-{high} gün içinde adresinize teslim</translation>
    </message>
    <message>
        <source>To pick up at {store}</source>
        <translation>{store} mağazasından teslim alınacak</translation>
    </message>
    <message>
        <source>Not on the shelf?</source>
        <translation>Rafta yok mu?</translation>
    </message>
    <message>
        <source>We can order it for you: delivered to your address, or ready at another of our stores. Scan the item&apos;s shelf label.</source>
        <translation>Sizin için sipariş edebiliriz: adresinize teslim ya da başka bir mağazamızda hazır. Ürünün raf etiketini okutun.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Geri</translation>
    </message>
    <message>
        <source>Back, order nothing</source>
        <translation>Geri, sipariş verme</translation>
    </message>
    <message>
        <source>How many?</source>
        <translation>Kaç adet?</translation>
    </message>
    <message>
        <source>One less</source>
        <translation>Bir adet azalt</translation>
    </message>
    <message>
        <source>One more</source>
        <translation>Bir adet artır</translation>
    </message>
    <message>
        <source>Where should it go?</source>
        <translation>Nereye gönderelim?</translation>
    </message>
    <message>
        <source>Back, choose another item</source>
        <translation>Geri, başka ürün seç</translation>
    </message>
    <message>
        <source>Your details</source>
        <translation>Bilgileriniz</translation>
    </message>
    <message>
        <source>Name and surname</source>
        <translation>Ad soyad</translation>
    </message>
    <message>
        <source>Mobile number (we text you about the order)</source>
        <translation>Cep telefonu (sipariş için size SMS göndeririz)</translation>
    </message>
    <message>
        <source>Delivery address: street, number, flat, city</source>
        <translation>Teslimat adresi: cadde/sokak, no, daire, şehir</translation>
    </message>
    <message>
        <source>Your details are used for this order only.</source>
        <translation>Bilgileriniz yalnızca bu sipariş için kullanılır.</translation>
    </message>
    <message>
        <source>Back, choose where it goes</source>
        <translation>Geri, teslimat yerini seç</translation>
    </message>
    <message>
        <source>Add to my basket</source>
        <translation>Sepetime ekle</translation>
    </message>
    <message>
        <source>Order {name}, the item I scanned last</source>
        <translation>Son okuttuğum ürünü sipariş et: {name}</translation>
    </message>
    <message>
        <source>Quantity: {n}</source>
        <translation>Adet: {n}</translation>
    </message>
    <message>
        <source>{price} each</source>
        <translation>Adedi {price}</translation>
    </message>
    <message>
        <source>Your basket already has goods ordered: this item goes with them.</source>
        <translation>Sepetinizde siparişli ürünler var: bu ürün de onlarla gönderilir.</translation>
    </message>
    <message>
        <source>Add it to that order</source>
        <translation>O siparişe ekle</translation>
    </message>
    <message>
        <source>Pick up at {store}</source>
        <translation>{store} mağazasından teslim al</translation>
    </message>
    <message>
        <source>Deliver to my address</source>
        <translation>Adresime teslim edilsin</translation>
    </message>
    <message>
        <source>Delivery in {low}-{high} days</source>
        <translation>{low}-{high} gün içinde teslim</translation>
    </message>
    <message>
        <source>Our stock figures may be out of date: we confirm availability by text.</source>
        <translation>Stok bilgilerimiz güncel olmayabilir: ürünün durumunu SMS ile onaylarız.</translation>
    </message>
    <message>
        <source>Availability to be confirmed</source>
        <translation>Stok durumu onaylanacak</translation>
    </message>
    <message>
        <source>{count} in stock</source>
        <translation>Stokta {count} adet</translation>
    </message>
    <message>
        <source>{quantity} × {name}: {where}</source>
        <translation>{quantity} × {name}: {where}</translation>
    </message>
    <message>
        <source>Ordered: {quantity} × {name}. {where}. You pay for it with your basket.</source>
        <translation>Sipariş edildi: {quantity} × {name}. {where}. Ödemesini sepetinizle birlikte yaparsınız.</translation>
    </message>
</context>
<context>
    <name>KioskBasket</name>
    <message>
        <source>Your basket</source>
        <translation>Sepetiniz</translation>
    </message>
    <message>
        <source>Scan your items. They appear here.</source>
        <translation>Ürünlerinizi okutun. Burada görünecekler.</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Toplam</translation>
    </message>
    <message>
        <source>Fruit &amp; veg</source>
        <translation>Meyve ve sebze</translation>
    </message>
    <message>
        <source>Not on the shelf?</source>
        <translation>Rafta yok mu?</translation>
    </message>
    <message>
        <source>Pay by card</source>
        <translation>Kartla öde</translation>
    </message>
    <message>
        <source>None of {name} on our shelves?
Order it for delivery or pickup.</source>
        <translation>Rafta {name} kalmadı mı?
Adrese teslim ya da mağazadan teslim için sipariş edin.</translation>
    </message>
    <message>
        <source>You can pay once an attendant has checked.</source>
        <translation>Bir görevli kontrol ettikten sonra ödeme yapabilirsiniz.</translation>
    </message>
    <message>
        <source>{quantity} × {price}/kg</source>
        <translation>{quantity} × {price}/kg</translation>
    </message>
    <message>
        <source>{quantity} × {price}</source>
        <translation>{quantity} × {price}</translation>
    </message>
    <message>
        <source>One less</source>
        <translation>Bir adet azalt</translation>
    </message>
    <message>
        <source>One more</source>
        <translation>Bir adet artır</translation>
    </message>
    <message>
        <source>Removal asked</source>
        <translation>Çıkarma istendi</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Çıkar</translation>
    </message>
    <message>
        <source>Remove {name}</source>
        <translation>{name} ürününü çıkar</translation>
    </message>
    <message>
        <source>An attendant will confirm the removal.</source>
        <translation>Çıkarma işlemini bir görevli onaylayacak.</translation>
    </message>
</context>
<context>
    <name>KioskDone</name>
    <message>
        <source>Thank you!</source>
        <translation>Teşekkür ederiz!</translation>
    </message>
    <message>
        <source>Scan to get your receipt</source>
        <translation>Fişinizi almak için karekodu okutun</translation>
    </message>
    <message>
        <source>QR code of your e-receipt</source>
        <translation>E-fişinizin QR kodu</translation>
    </message>
    <message>
        <source>Print a paper receipt</source>
        <translation>Kağıt fiş yazdır</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Tamam</translation>
    </message>
    <message>
        <source>Paid: {total}</source>
        <translation>Ödenen: {total}</translation>
    </message>
    <message>
        <source>Points earned: {points}</source>
        <translation>Kazanılan puan: {points}</translation>
    </message>
    <message>
        <source>Points spent: {points}</source>
        <translation>Harcanan puan: {points}</translation>
    </message>
    <message>
        <source>Your points balance: {points}</source>
        <translation>Puan bakiyeniz: {points}</translation>
    </message>
    <message>
        <source>Points spendable later: {points}</source>
        <translation>Daha sonra kullanılabilecek puan: {points}</translation>
    </message>
</context>
<context>
    <name>KioskKeyboard</name>
    <message>
        <source>Capital letter</source>
        <translation>Büyük harf</translation>
    </message>
    <message>
        <source>Delete the last letter</source>
        <translation>Son harfi sil</translation>
    </message>
    <message>
        <source>Delete the last digit</source>
        <translation>Son rakamı sil</translation>
    </message>
    <message>
        <source>space</source>
        <translation>boşluk</translation>
    </message>
    <message>
        <source>Space</source>
        <translation>Boşluk</translation>
    </message>
</context>
<context>
    <name>KioskLoyalty</name>
    <message>
        <source>Pay with a gift card</source>
        <translation>Hediye kartıyla öde</translation>
    </message>
</context>
<context>
    <name>KioskLoyaltyNote</name>
    <message>
        <source>OK</source>
        <translation>Tamam</translation>
    </message>
    <message>
        <source>OK, go back</source>
        <translation>Tamam, geri dön</translation>
    </message>
    <message>
        <source>No account yet? Ask a member of staff, or sign up on our web shop.</source>
        <translation>Henüz hesabınız yok mu? Bir personelimize sorun ya da web mağazamızdan üye olun.</translation>
    </message>
    <message>
        <source>We couldn&apos;t read this loyalty QR</source>
        <translation>Bu sadakat QR kodunu okuyamadık</translation>
    </message>
    <message>
        <source>Please scan it again. You can also shop and pay without it.</source>
        <translation>Lütfen yeniden okutun. Onsuz da alışveriş yapıp ödeyebilirsiniz.</translation>
    </message>
    <message>
        <source>We don&apos;t know this loyalty QR yet</source>
        <translation>Bu sadakat QR kodunu henüz tanımıyoruz</translation>
    </message>
    <message>
        <source>A new account reaches us within minutes. You can shop and pay now without it.</source>
        <translation>Yeni bir hesap birkaç dakika içinde bize ulaşır. Şimdi onsuz da alışveriş yapıp ödeyebilirsiniz.</translation>
    </message>
    <message>
        <source>Scan your loyalty QR</source>
        <translation>Sadakat QR kodunuzu okutun</translation>
    </message>
    <message>
        <source>Hold the QR code from your web shop account or from an e-receipt under the scanner.</source>
        <translation>Web mağazası hesabınızdaki ya da bir e-fişteki QR kodu okuyucuya tutun.</translation>
    </message>
</context>
<context>
    <name>KioskLoyaltyTexts</name>
    <message>
        <source>We couldn&apos;t read this loyalty QR. Please scan it again.</source>
        <translation>Bu sadakat QR kodunu okuyamadık. Lütfen yeniden okutun.</translation>
    </message>
    <message>
        <source>We don&apos;t know this loyalty QR yet. A new account reaches us within minutes: you can still shop and pay now.</source>
        <translation>Bu sadakat QR kodunu henüz tanımıyoruz. Yeni bir hesap birkaç dakika içinde bize ulaşır: yine de şimdi alışveriş yapıp ödeyebilirsiniz.</translation>
    </message>
    <message>
        <source>We can&apos;t reach our loyalty system right now: at most {points_left} points can be used.</source>
        <translation>Sadakat sistemimize şu anda ulaşamıyoruz: en fazla {points_left} puan kullanılabilir.</translation>
    </message>
    <message>
        <source>You have {available} points to spend right now.</source>
        <translation>Şu anda harcayabileceğiniz {available} puanınız var.</translation>
    </message>
    <message>
        <source>Your points can&apos;t be used right now. Please pay by card.</source>
        <translation>Puanlarınız şu anda kullanılamıyor. Lütfen kartla ödeyin.</translation>
    </message>
    <message>
        <source>Points can&apos;t be used at this kiosk yet. Please pay by card.</source>
        <translation>Bu kioskta henüz puan kullanılamıyor. Lütfen kartla ödeyin.</translation>
    </message>
    <message>
        <source>Scan your loyalty QR first to use your points.</source>
        <translation>Puanlarınızı kullanmak için önce sadakat QR kodunuzu okutun.</translation>
    </message>
    <message>
        <source>There are no points to use on this basket.</source>
        <translation>Bu sepette kullanılacak puan yok.</translation>
    </message>
    <message>
        <source>Your basket changed: please choose your points again.</source>
        <translation>Sepetiniz değişti: lütfen puanlarınızı yeniden seçin.</translation>
    </message>
    <message>
        <source>Your basket is already paid for in full.</source>
        <translation>Sepetinizin tamamı zaten ödendi.</translation>
    </message>
    <message>
        <source>We couldn&apos;t read this gift card. Please scan it again.</source>
        <translation>Bu hediye kartını okuyamadık. Lütfen yeniden okutun.</translation>
    </message>
    <message>
        <source>We don&apos;t know this gift card. Please ask a member of staff.</source>
        <translation>Bu hediye kartını tanımıyoruz. Lütfen bir personelimize sorun.</translation>
    </message>
    <message>
        <source>We can&apos;t check this gift card right now. Please pay by card or ask staff.</source>
        <translation>Bu hediye kartını şu anda kontrol edemiyoruz. Lütfen kartla ödeyin ya da personele sorun.</translation>
    </message>
    <message>
        <source>There is nothing left on this gift card.</source>
        <translation>Bu hediye kartında bakiye kalmadı.</translation>
    </message>
    <message>
        <source>This gift card is blocked. Please ask a member of staff.</source>
        <translation>Bu hediye kartı bloke edilmiş. Lütfen bir personelimize sorun.</translation>
    </message>
    <message>
        <source>This gift card has expired.</source>
        <translation>Bu hediye kartının süresi dolmuş.</translation>
    </message>
    <message>
        <source>We can&apos;t reach our gift card system right now: this card can pay at most {allowed} here.</source>
        <translation>Hediye kartı sistemimize şu anda ulaşamıyoruz: bu kartla burada en fazla {allowed} ödenebilir.</translation>
    </message>
    <message>
        <source>Gift cards can&apos;t be used at this kiosk. Please pay by card.</source>
        <translation>Bu kioskta hediye kartı kullanılamıyor. Lütfen kartla ödeyin.</translation>
    </message>
    <message>
        <source>This gift card is already paying for this basket.</source>
        <translation>Bu hediye kartı bu sepet için zaten kullanılıyor.</translation>
    </message>
</context>
<context>
    <name>KioskNotice</name>
    <message>
        <source>Call for help</source>
        <translation>Yardım çağır</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Tamam</translation>
    </message>
    <message>
        <source>OK, go back</source>
        <translation>Tamam, geri dön</translation>
    </message>
</context>
<context>
    <name>KioskPaying</name>
    <message>
        <source>Call for help</source>
        <translation>Yardım çağır</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>Yeniden kontrol et</translation>
    </message>
    <message>
        <source>Check the card payment again</source>
        <translation>Kart ödemesini yeniden kontrol et</translation>
    </message>
    <message>
        <source>Follow the instructions on the card terminal</source>
        <translation>Kart terminalindeki adımları izleyin</translation>
    </message>
    <message>
        <source>Your payment is being checked</source>
        <translation>Ödemeniz kontrol ediliyor</translation>
    </message>
    <message>
        <source>Please wait here. An attendant will help you finish.</source>
        <translation>Lütfen burada bekleyin. Bir görevli ödemeyi tamamlamanıza yardım edecek.</translation>
    </message>
</context>
<context>
    <name>KioskPickup</name>
    <message>
        <source>Your order {number} is ready</source>
        <translation>{number} numaralı siparişiniz hazır</translation>
    </message>
    <message>
        <source>Collect it at the service desk.</source>
        <translation>Danışma bankosundan teslim alabilirsiniz.</translation>
    </message>
    <message>
        <source>Your order {number} is being prepared</source>
        <translation>{number} numaralı siparişiniz hazırlanıyor</translation>
    </message>
    <message>
        <source>We&apos;ll text you when it&apos;s ready to collect.</source>
        <translation>Teslim almaya hazır olduğunda size SMS göndereceğiz.</translation>
    </message>
    <message>
        <source>Your order {number} was already collected</source>
        <translation>{number} numaralı sipariş zaten teslim alındı</translation>
    </message>
    <message>
        <source>If you think that is wrong, please ask at the service desk.</source>
        <translation>Bir yanlışlık olduğunu düşünüyorsanız lütfen danışma bankosuna sorun.</translation>
    </message>
    <message>
        <source>Your order {number} was cancelled</source>
        <translation>{number} numaralı siparişiniz iptal edildi</translation>
    </message>
    <message>
        <source>Please ask at the service desk if you have questions.</source>
        <translation>Sorularınız için lütfen danışma bankosuna başvurun.</translation>
    </message>
    <message>
        <source>This order is for our {store} store</source>
        <translation>Bu sipariş {store} mağazamız için</translation>
    </message>
    <message>
        <source>Collect order {number} at {store}.</source>
        <translation>{number} numaralı siparişi {store} mağazasından teslim alın.</translation>
    </message>
    <message>
        <source>1 item</source>
        <translation>1 ürün</translation>
    </message>
    <message>
        <source>{count} items</source>
        <translation>{count} ürün</translation>
    </message>
    <message>
        <source>{items}, already paid.</source>
        <translation>{items}, ödemesi yapıldı.</translation>
    </message>
    <message>
        <source>{items}, to be paid at the desk.</source>
        <translation>{items}, ödemesi bankoda yapılacak.</translation>
    </message>
</context>
<context>
    <name>KioskPickupNotice</name>
    <message>
        <source>OK</source>
        <translation>Tamam</translation>
    </message>
    <message>
        <source>OK, go back</source>
        <translation>Tamam, geri dön</translation>
    </message>
</context>
<context>
    <name>KioskProduce</name>
    <message>
        <source>Fruit &amp; veg</source>
        <translation>Meyve ve sebze</translation>
    </message>
    <message>
        <source>Put the item on the scale, then touch its picture.</source>
        <translation>Ürünü teraziye koyun, sonra resmine dokunun.</translation>
    </message>
    <message>
        <source>No scale here: ask a member of staff.</source>
        <translation>Burada terazi yok: lütfen bir görevliye başvurun.</translation>
    </message>
    <message>
        <source>Back to my basket</source>
        <translation>Sepetime dön</translation>
    </message>
    <message>
        <source>Added: {name}, {quantity}</source>
        <translation>Eklendi: {name}, {quantity}</translation>
    </message>
</context>
<context>
    <name>KioskProduceTile</name>
    <message>
        <source>{price} per kg</source>
        <translation>Kilosu {price}</translation>
    </message>
    <message>
        <source>{price} each</source>
        <translation>Adedi {price}</translation>
    </message>
</context>
<context>
    <name>KioskService</name>
    <message>
        <source>Staff sign-in</source>
        <translation>Personel girişi</translation>
    </message>
    <message>
        <source>Scan your staff badge, or tap your name and type your PIN.</source>
        <translation>Personel kartınızı okutun ya da adınıza dokunup PIN&apos;inizi girin.</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Giriş yap</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>İptal</translation>
    </message>
    <message>
        <source>Waiting for approval</source>
        <translation>Onay bekleyenler</translation>
    </message>
    <message>
        <source>Approve all</source>
        <translation>Tümünü onayla</translation>
    </message>
    <message>
        <source>Basket</source>
        <translation>Sepet</translation>
    </message>
    <message>
        <source>Void the basket</source>
        <translation>Sepeti iptal et</translation>
    </message>
    <message>
        <source>Reprint the last receipt</source>
        <translation>Son fişi yeniden bas</translation>
    </message>
    <message>
        <source>Open the kiosk&apos;s day</source>
        <translation>Günü aç</translation>
    </message>
    <message>
        <source>Close the kiosk&apos;s day (Z report)</source>
        <translation>Günü kapat (Z raporu)</translation>
    </message>
    <message>
        <source>Close the kiosk app</source>
        <translation>Kiosk uygulamasını kapat</translation>
    </message>
    <message>
        <source>Leave service mode</source>
        <translation>Servis modundan çık</translation>
    </message>
    <message>
        <source>Tap your name first.</source>
        <translation>Önce adınıza dokunun.</translation>
    </message>
    <message>
        <source>Service mode: {name}</source>
        <translation>Servis modu: {name}</translation>
    </message>
    <message>
        <source>Approve — {what}</source>
        <translation>Onayla — {what}</translation>
    </message>
    <message>
        <source>Nothing is waiting.</source>
        <translation>Bekleyen bir şey yok.</translation>
    </message>
    <message>
        <source>Remove — {quantity} × {name}</source>
        <translation>Çıkar — {quantity} × {name}</translation>
    </message>
    <message>
        <source>Approved.</source>
        <translation>Onaylandı.</translation>
    </message>
    <message>
        <source>Everything approved.</source>
        <translation>Hepsi onaylandı.</translation>
    </message>
    <message>
        <source>Line removed.</source>
        <translation>Satır çıkarıldı.</translation>
    </message>
    <message>
        <source>The basket was voided.</source>
        <translation>Sepet iptal edildi.</translation>
    </message>
    <message>
        <source>The last receipt is printing.</source>
        <translation>Son fiş basılıyor.</translation>
    </message>
    <message>
        <source>The kiosk&apos;s day is open.</source>
        <translation>Kiosk günü açıldı.</translation>
    </message>
    <message>
        <source>The kiosk&apos;s day is closed: Z report no. {number}.</source>
        <translation>Kiosk günü kapandı: Z raporu no. {number}.</translation>
    </message>
</context>
<context>
    <name>KioskStillThere</name>
    <message>
        <source>Are you still there?</source>
        <translation>Hâlâ orada mısınız?</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Evet</translation>
    </message>
    <message>
        <source>Yes, I am still here</source>
        <translation>Evet, buradayım</translation>
    </message>
    <message numerus="yes">
        <source>Touch Yes to continue. Otherwise we start again in %n second(s).</source>
        <translation>
            <numerusform>Devam etmek için Evet&apos;e dokunun. Yoksa %n saniye sonra baştan başlayacağız.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KioskTenders</name>
    <message>
        <source>Points and gift cards</source>
        <translation>Puanlar ve hediye kartları</translation>
    </message>
    <message>
        <source>Total: {total}</source>
        <translation>Toplam: {total}</translation>
    </message>
    <message>
        <source>Points used: {points} points = {value}</source>
        <translation>Kullanılan puan: {points} puan = {value}</translation>
    </message>
    <message>
        <source>Use your points: {points} points = {value}</source>
        <translation>Puanlarınızı kullanın: {points} puan = {value}</translation>
    </message>
    <message>
        <source>Use my points</source>
        <translation>Puanlarımı kullan</translation>
    </message>
    <message>
        <source>Don&apos;t use</source>
        <translation>Kullanma</translation>
    </message>
    <message>
        <source>Don&apos;t use my points</source>
        <translation>Puanlarımı kullanma</translation>
    </message>
    <message>
        <source>Pay with a gift card</source>
        <translation>Hediye kartıyla öde</translation>
    </message>
    <message>
        <source>Scan the barcode or QR code on your gift card.</source>
        <translation>Hediye kartınızdaki barkodu ya da QR kodu okutun.</translation>
    </message>
    <message>
        <source>Gift card {last4}: {paid} paid, {left} left on the card</source>
        <translation>Hediye kartı {last4}: {paid} ödendi, kartta {left} kaldı</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Kaldır</translation>
    </message>
    <message>
        <source>Remove this gift card</source>
        <translation>Bu hediye kartını kaldır</translation>
    </message>
    <message>
        <source>Left to pay by card</source>
        <translation>Kartla ödenecek tutar</translation>
    </message>
    <message>
        <source>Pay by card</source>
        <translation>Kartla öde</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Bitir</translation>
    </message>
    <message>
        <source>Finish: nothing is left to pay</source>
        <translation>Bitir: ödenecek tutar kalmadı</translation>
    </message>
    <message>
        <source>Back to basket</source>
        <translation>Sepete dön</translation>
    </message>
</context>
<context>
    <name>KioskTexts</name>
    <message>
        <source>We couldn&apos;t find this item.</source>
        <translation>Bu ürünü bulamadık.</translation>
    </message>
    <message>
        <source>No scale here: ask a member of staff.</source>
        <translation>Burada terazi yok: lütfen bir görevliye başvurun.</translation>
    </message>
    <message>
        <source>The scale is not answering: ask a member of staff.</source>
        <translation>Terazi yanıt vermiyor: lütfen bir görevliye başvurun.</translation>
    </message>
    <message>
        <source>Wait until the scale is still.</source>
        <translation>Terazi sabitlenene kadar bekleyin.</translation>
    </message>
    <message>
        <source>Put the item on the scale.</source>
        <translation>Ürünü teraziye koyun.</translation>
    </message>
    <message>
        <source>Too heavy for the scale: ask a member of staff.</source>
        <translation>Terazi için çok ağır: lütfen bir görevliye başvurun.</translation>
    </message>
    <message>
        <source>Closed — please use a staffed till.</source>
        <translation>Kapalı — lütfen kasiyerli kasaları kullanın.</translation>
    </message>
    <message>
        <source>An attendant must check your basket before you pay.</source>
        <translation>Ödemeden önce bir görevlinin sepetinizi kontrol etmesi gerekiyor.</translation>
    </message>
    <message>
        <source>This badge is not known.</source>
        <translation>Bu personel kartı tanınmıyor.</translation>
    </message>
    <message>
        <source>This badge has been withdrawn.</source>
        <translation>Bu personel kartı iptal edilmiş.</translation>
    </message>
    <message>
        <source>Card payments are not available here: please use a staffed till.</source>
        <translation>Burada kartla ödeme yapılamıyor: lütfen kasiyerli kasaları kullanın.</translation>
    </message>
    <message>
        <source>Your last payment is being checked. An attendant will help you.</source>
        <translation>Son ödemeniz kontrol ediliyor. Bir görevli size yardım edecek.</translation>
    </message>
    <message>
        <source>A payment is being completed: please wait.</source>
        <translation>Bir ödeme tamamlanıyor: lütfen bekleyin.</translation>
    </message>
    <message>
        <source>You can buy 1 to 99 of an item here.</source>
        <translation>Burada bir üründen en az 1, en çok 99 adet alabilirsiniz.</translation>
    </message>
    <message>
        <source>This item is weighed: put it on the scale again to change it.</source>
        <translation>Bu ürün tartılarak satılır: değiştirmek için yeniden teraziye koyun.</translation>
    </message>
    <message>
        <source>To take items off, press Remove: an attendant will confirm.</source>
        <translation>Ürün çıkarmak için Çıkar&apos;a basın: bir görevli onaylayacak.</translation>
    </message>
    <message>
        <source>This item is not sold by weight: scan its barcode.</source>
        <translation>Bu ürün tartılarak satılmaz: barkodunu okutun.</translation>
    </message>
    <message>
        <source>That no longer waits for approval.</source>
        <translation>Bu artık onay beklemiyor.</translation>
    </message>
    <message>
        <source>Scan your staff badge or sign in with your PIN first.</source>
        <translation>Önce personel kartınızı okutun ya da PIN&apos;inizle giriş yapın.</translation>
    </message>
    <message>
        <source>This person has no badge.</source>
        <translation>Bu kişinin personel kartı yok.</translation>
    </message>
    <message>
        <source>The kiosk&apos;s day is already open.</source>
        <translation>Kiosk günü zaten açık.</translation>
    </message>
    <message>
        <source>A staff member&apos;s shift is open on this terminal: close it at its till first.</source>
        <translation>Bu terminalde bir personelin vardiyası açık: önce o vardiyayı kendi kasasında kapatın.</translation>
    </message>
    <message>
        <source>Something went wrong. Please ask a member of staff.</source>
        <translation>Bir sorun oluştu. Lütfen bir görevliye başvurun.</translation>
    </message>
    <message>
        <source>The card terminal is not answering. Please ask for help.</source>
        <translation>Kart terminali yanıt vermiyor. Lütfen yardım isteyin.</translation>
    </message>
    <message>
        <source>Please type your name.</source>
        <translation>Lütfen adınızı yazın.</translation>
    </message>
    <message>
        <source>That name is too long.</source>
        <translation>Bu ad çok uzun.</translation>
    </message>
    <message>
        <source>Please type your mobile number, so we can text you.</source>
        <translation>Size SMS gönderebilmemiz için lütfen cep telefonu numaranızı yazın.</translation>
    </message>
    <message>
        <source>Please type your full address: street, number, city.</source>
        <translation>Lütfen açık adresinizi yazın: cadde/sokak, no, şehir.</translation>
    </message>
    <message>
        <source>That address is too long.</source>
        <translation>Bu adres çok uzun.</translation>
    </message>
    <message>
        <source>That store has none left. Please choose another.</source>
        <translation>O mağazada kalmadı. Lütfen başka bir mağaza seçin.</translation>
    </message>
    <message>
        <source>Your basket already has goods ordered elsewhere: pay for them first.</source>
        <translation>Sepetinizde başka yere sipariş edilmiş ürünler var: önce onların ödemesini yapın.</translation>
    </message>
    <message>
        <source>Please choose delivery or a store.</source>
        <translation>Lütfen adrese teslim ya da bir mağaza seçin.</translation>
    </message>
    <message>
        <source>Fruit and veg sold by weight cannot be ordered here.</source>
        <translation>Tartıyla satılan meyve ve sebze buradan sipariş edilemez.</translation>
    </message>
    <message>
        <source>Alcohol</source>
        <translation>Alkollü içecekler</translation>
    </message>
    <message>
        <source>Tobacco</source>
        <translation>Tütün ürünleri</translation>
    </message>
    <message>
        <source>This item</source>
        <translation>Bu ürün</translation>
    </message>
    <message>
        <source>{what} cannot be sold between {start} and {end}.</source>
        <translation>{what} {start} ile {end} arasında satılamaz.</translation>
    </message>
    <message>
        <source>{what} cannot be sold at this time.</source>
        <translation>{what} şu anda satılamaz.</translation>
    </message>
    <message>
        <source>Tap, insert or swipe your card</source>
        <translation>Kartınızı yaklaştırın, takın veya geçirin</translation>
    </message>
    <message>
        <source>Enter your PIN on the terminal</source>
        <translation>Kart şifrenizi terminale girin</translation>
    </message>
    <message>
        <source>Please wait…</source>
        <translation>Lütfen bekleyin…</translation>
    </message>
    <message>
        <source>Remove your card</source>
        <translation>Kartınızı alın</translation>
    </message>
    <message>
        <source>Age check needed for {name}: an attendant is coming.</source>
        <translation>{name} için yaş kontrolü gerekiyor: bir görevli geliyor.</translation>
    </message>
    <message>
        <source>An attendant will confirm the removal of {name}.</source>
        <translation>{name} ürününün çıkarılmasını bir görevli onaylayacak.</translation>
    </message>
    <message>
        <source>Price check needed for {name}: an attendant is coming.</source>
        <translation>{name} için fiyat kontrolü gerekiyor: bir görevli geliyor.</translation>
    </message>
    <message>
        <source>Large basket: an attendant will check it before you pay.</source>
        <translation>Büyük sepet: ödemeden önce bir görevli kontrol edecek.</translation>
    </message>
    <message>
        <source>An attendant is coming to check {name}.</source>
        <translation>{name} ürününü kontrol etmek için bir görevli geliyor.</translation>
    </message>
    <message>
        <source>Age check</source>
        <translation>Yaş kontrolü</translation>
    </message>
    <message>
        <source>Removal</source>
        <translation>Çıkarma</translation>
    </message>
    <message>
        <source>Price check</source>
        <translation>Fiyat kontrolü</translation>
    </message>
    <message>
        <source>Basket limit</source>
        <translation>Sepet sınırı</translation>
    </message>
    <message>
        <source>Age check ({age}+)</source>
        <translation>Yaş kontrolü ({age}+)</translation>
    </message>
</context>
<context>
    <name>KioskTopBar</name>
    <message>
        <source>Self-checkout</source>
        <translation>Self servis kasa</translation>
    </message>
    <message>
        <source>Help is on the way</source>
        <translation>Yardım geliyor</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Yardım</translation>
    </message>
    <message>
        <source>Call for help</source>
        <translation>Yardım çağır</translation>
    </message>
    <message>
        <source>Cancel help</source>
        <translation>Çağrıyı iptal et</translation>
    </message>
</context>
<context>
    <name>KioskWelcome</name>
    <message>
        <source>Closed — please use a staffed till</source>
        <translation>Kapalı — lütfen kasiyerli kasaları kullanın</translation>
    </message>
    <message>
        <source>This self-checkout is not open at the moment.</source>
        <translation>Bu self servis kasa şu anda açık değil.</translation>
    </message>
    <message>
        <source>Scan an item to start</source>
        <translation>Başlamak için bir ürün okutun</translation>
    </message>
    <message>
        <source>Hold the barcode under the scanner.</source>
        <translation>Barkodu okuyucunun altında tutun.</translation>
    </message>
    <message>
        <source>Fruit &amp; veg without a barcode</source>
        <translation>Barkodsuz meyve ve sebze</translation>
    </message>
    <message>
        <source>Choose your language</source>
        <translation>Dilinizi seçin</translation>
    </message>
    <message>
        <source>Larger text and high contrast</source>
        <translation>Büyük yazı ve yüksek kontrast</translation>
    </message>
    <message>
        <source>Larger text and high contrast, on or off</source>
        <translation>Büyük yazı ve yüksek kontrast: aç veya kapat</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Self-checkout</source>
        <translation>Self servis kasa</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Görevli</translation>
    </message>
    <message>
        <source>Staff service mode</source>
        <translation>Görevli servis modu</translation>
    </message>
    <message>
        <source>We couldn&apos;t find this item</source>
        <translation>Bu ürünü bulamadık</translation>
    </message>
    <message>
        <source>Try scanning it again, or call for help.</source>
        <translation>Yeniden okutmayı deneyin ya da yardım çağırın.</translation>
    </message>
    <message>
        <source>We can&apos;t sell this item now</source>
        <translation>Bu ürünü şu anda satamıyoruz</translation>
    </message>
    <message>
        <source>Your card was declined. Try another card or ask for help.</source>
        <translation>Kartınız reddedildi. Başka bir kart deneyin ya da yardım isteyin.</translation>
    </message>
    <message>
        <source>The payment was cancelled. Your basket is still here.</source>
        <translation>Ödeme iptal edildi. Sepetiniz duruyor.</translation>
    </message>
    <message>
        <source>Your receipt is printing. Please take it.</source>
        <translation>Fişiniz yazdırılıyor. Lütfen alın.</translation>
    </message>
</context>
<context>
    <name>LoyaltyPanel</name>
    <message>
        <source>Collect and spend points: scan the QR code of your account.</source>
        <translation>Puan kazanın ve harcayın: hesabınızın QR kodunu okutun.</translation>
    </message>
    <message>
        <source>Scan your loyalty QR</source>
        <translation>Sadakat QR kodunuzu okutun</translation>
    </message>
    <message>
        <source>Not you? Remove</source>
        <translation>Siz değil misiniz? Kaldırın</translation>
    </message>
    <message>
        <source>Not you? Remove the customer</source>
        <translation>Siz değil misiniz? Müşteriyi kaldırın</translation>
    </message>
    <message>
        <source>Hello, {name} — {points} points</source>
        <translation>Merhaba {name} — {points} puan</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Cash register</source>
        <translation>Kasa</translation>
    </message>
    <message>
        <source>Switch language (Ctrl+L)</source>
        <translation>Dili değiştir (Ctrl+L)</translation>
    </message>
    <message>
        <source>Open drawer</source>
        <translation>Çekmeceyi aç</translation>
    </message>
    <message>
        <source>Open drawer without a sale</source>
        <translation>Satış olmadan çekmeceyi aç</translation>
    </message>
    <message>
        <source>Store {store}</source>
        <translation>Mağaza {store}</translation>
    </message>
    <message>
        <source>Receipts</source>
        <translation>Fişler</translation>
    </message>
    <message>
        <source>Receipts and printer (Ctrl+P)</source>
        <translation>Fişler ve yazıcı (Ctrl+P)</translation>
    </message>
    <message>
        <source>Pickups</source>
        <translation>Teslimler</translation>
    </message>
    <message>
        <source>Pickups: web orders (Ctrl+O)</source>
        <translation>Teslimler: web siparişleri (Ctrl+O)</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>Stok</translation>
    </message>
    <message>
        <source>Stock look-up (Ctrl+I)</source>
        <translation>Stok sorgu (Ctrl+I)</translation>
    </message>
    <message>
        <source>Help (F1)</source>
        <translation>Yardım (F1)</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Klavye kısayolları</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Çıkış yap</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Kapat</translation>
    </message>
    <message>
        <source>Quit the app (Ctrl+Q)</source>
        <translation>Uygulamayı kapat (Ctrl+Q)</translation>
    </message>
    <message>
        <source>Till {terminal}</source>
        <translation>Kasa {terminal}</translation>
    </message>
    <message>
        <source>Finish or park the sale before closing the shift.</source>
        <translation>Vardiyayı kapatmadan önce satışı bitirin veya beklemeye alın.</translation>
    </message>
    <message>
        <source>This help</source>
        <translation>Bu yardım</translation>
    </message>
    <message>
        <source>Switch language Türkçe / English</source>
        <translation>Dili değiştir: Türkçe / English</translation>
    </message>
    <message>
        <source>Open the drawer without a sale (approval)</source>
        <translation>Satış olmadan çekmeceyi aç (onay gerekir)</translation>
    </message>
    <message>
        <source>Receipts: reprint, cancel, did it print?, X report</source>
        <translation>Fişler: kopya bas, iptal et, basıldı mı?, X raporu</translation>
    </message>
    <message>
        <source>Pickups: find, prepare and hand over web orders</source>
        <translation>Teslimler: web siparişlerini bul, hazırla, teslim et</translation>
    </message>
    <message>
        <source>Stock here, at other stores and online</source>
        <translation>Burada, diğer mağazalarda ve çevrimiçi stok</translation>
    </message>
    <message>
        <source>Sync: state, sync now, records the backend rejected</source>
        <translation>Eşitleme: durum, şimdi eşitle, merkezin reddettiği kayıtlar</translation>
    </message>
    <message>
        <source>Sign out (a sale in progress is parked)</source>
        <translation>Çıkış yap (devam eden satış beklemeye alınır)</translation>
    </message>
    <message>
        <source>Quit the app (with no sale open, or a manager)</source>
        <translation>Uygulamayı kapat (açık satış yokken ya da müdür onayıyla)</translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation>Barkod okuyucu</translation>
    </message>
    <message>
        <source>Scan anywhere on the sale screen</source>
        <translation>Satış ekranının her yerinde okutabilirsiniz</translation>
    </message>
    <message>
        <source>Close the cash register app? Everything is saved.</source>
        <translation>Kasa uygulaması kapatılsın mı? Her şey kaydedildi.</translation>
    </message>
    <message>
        <source>Quit (Enter)</source>
        <translation>Kapat (Enter)</translation>
    </message>
</context>
<context>
    <name>ManagerApprovalDialog</name>
    <message>
        <source>Manager mode</source>
        <translation>Yönetici modu</translation>
    </message>
    <message>
        <source>Stock tasks: a manager signs in with their PIN to open them.</source>
        <translation>Stok işleri: açmak için bir yönetici PIN&apos;iyle giriş yapar.</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Manager PIN</source>
        <translation>Yönetici PIN&apos;i</translation>
    </message>
    <message>
        <source>No manager is set up on this terminal.</source>
        <translation>Bu kasada tanımlı yönetici yok.</translation>
    </message>
    <message>
        <source>Choose who approves.</source>
        <translation>Onaylayacak kişiyi seçin.</translation>
    </message>
</context>
<context>
    <name>ManagerDialog</name>
    <message>
        <source>Manager mode</source>
        <translation>Yönetici modu</translation>
    </message>
    <message>
        <source>Manager mode · {name}</source>
        <translation>Yönetici modu · {name}</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Kapat (Esc)</translation>
    </message>
    <message>
        <source>Close manager mode</source>
        <translation>Yönetici modunu kapat</translation>
    </message>
</context>
<context>
    <name>ManagerPanel</name>
    <message>
        <source>Stock</source>
        <translation>Stok</translation>
    </message>
    <message>
        <source>Adjust</source>
        <translation>Düzeltme</translation>
    </message>
    <message>
        <source>Receive</source>
        <translation>Mal kabul</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Sayım</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <source>Exceptions ({count})</source>
        <translation>Uyarılar ({count})</translation>
    </message>
    <message>
        <source>Stock data {age}</source>
        <translation>Stok verisi {age}</translation>
    </message>
    <message>
        <source>· offline or not synced lately: figures may have moved; what you post here is kept and sent when the network is back.</source>
        <translation>· çevrimdışı ya da bir süredir eşitlenmedi: rakamlar değişmiş olabilir; burada kaydettikleriniz saklanır ve ağ gelince gönderilir.</translation>
    </message>
    <message>
        <source>· this till is not connected to a backend.</source>
        <translation>· bu kasa bir merkez sunucuya bağlı değil.</translation>
    </message>
    <message>
        <source>It is in the outbox and goes to the backend with the next sync.</source>
        <translation>Gönderim kuyruğunda; bir sonraki eşitlemede merkeze gider.</translation>
    </message>
    <message>
        <source>Recorded on this till.</source>
        <translation>Bu kasada kaydedildi.</translation>
    </message>
</context>
<context>
    <name>ManagerSignIn</name>
    <message>
        <source>Manager mode</source>
        <translation>Yönetici modu</translation>
    </message>
    <message>
        <source>A manager taps their name, then types their PIN.</source>
        <translation>Yönetici adına dokunur, ardından PIN&apos;ini yazar.</translation>
    </message>
    <message>
        <source>Tap your name first.</source>
        <translation>Önce adınıza dokunun.</translation>
    </message>
</context>
<context>
    <name>ManagerWindow</name>
    <message>
        <source>Manager mode</source>
        <translation>Yönetici modu</translation>
    </message>
    <message>
        <source>Store {store}</source>
        <translation>Mağaza {store}</translation>
    </message>
    <message>
        <source>{store} · Manager mode on till {terminal}</source>
        <translation>{store} · {terminal} kasasında yönetici modu</translation>
    </message>
    <message>
        <source>Switch language (Ctrl+L)</source>
        <translation>Dili değiştir (Ctrl+L)</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Çıkış yap</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Kapat</translation>
    </message>
    <message>
        <source>Quit manager mode (Ctrl+Q)</source>
        <translation>Yönetici modunu kapat (Ctrl+Q)</translation>
    </message>
    <message>
        <source>Close manager mode? Tasks in progress are saved.</source>
        <translation>Yönetici modu kapatılsın mı? Süren işler kaydedilir.</translation>
    </message>
    <message>
        <source>Quit (Enter)</source>
        <translation>Kapat (Enter)</translation>
    </message>
</context>
<context>
    <name>Models</name>
    <message>
        <source>Item</source>
        <translation>Ürün</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Miktar</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Fiyat</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>İndirim</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Tutar</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Nakit</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Kart</translation>
    </message>
    <message>
        <source>Store credit</source>
        <translation>Mağaza kredisi</translation>
    </message>
    <message>
        <source>Exchange credit</source>
        <translation>Değişim alacağı</translation>
    </message>
    <message>
        <source>Online payment</source>
        <translation>Çevrimiçi ödeme</translation>
    </message>
    <message>
        <source>Gift card</source>
        <translation>Hediye kartı</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>Puan</translation>
    </message>
    <message>
        <source>(given {amount})</source>
        <translation>(verilen {amount})</translation>
    </message>
    <message>
        <source>code {code}</source>
        <translation>kod {code}</translation>
    </message>
    <message>
        <source>{points} points</source>
        <translation>{points} puan</translation>
    </message>
    <message>
        <source>(offline)</source>
        <translation>(çevrimdışı)</translation>
    </message>
    <message>
        <source>Sold</source>
        <translation>Satılan</translation>
    </message>
    <message>
        <source>Returnable</source>
        <translation>İade edilebilir</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>İade</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>İade tutarı</translation>
    </message>
</context>
<context>
    <name>OrderElsewhereDialog</name>
    <message>
        <source>Order {name} for the customer</source>
        <translation>{name} ürününü müşteri için sipariş et</translation>
    </message>
    <message>
        <source>Not on the shelf here? The customer pays now ({price} each) and gets it from another store or at home.</source>
        <translation>Rafta yok mu? Müşteri şimdi öder (tanesi {price}), ürünü başka bir mağazadan ya da evinde teslim alır.</translation>
    </message>
    <message>
        <source>Pick up at another store</source>
        <translation>Başka mağazadan teslim</translation>
    </message>
    <message>
        <source>Deliver to an address</source>
        <translation>Adrese teslimat</translation>
    </message>
    <message>
        <source>Stores</source>
        <translation>Mağazalar</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Miktar</translation>
    </message>
    <message>
        <source>Customer&apos;s name</source>
        <translation>Müşterinin adı</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>Delivery address</source>
        <translation>Teslimat adresi</translation>
    </message>
    <message>
        <source>Name and surname</source>
        <translation>Ad soyad</translation>
    </message>
    <message>
        <source>e.g. 0532 123 45 67</source>
        <translation>ör. 0532 123 45 67</translation>
    </message>
    <message>
        <source>Street, number, flat, district, city</source>
        <translation>Cadde/sokak, numara, daire, ilçe, il</translation>
    </message>
    <message>
        <source>One less</source>
        <translation>Bir eksik</translation>
    </message>
    <message>
        <source>One more</source>
        <translation>Bir fazla</translation>
    </message>
    <message>
        <source>Add to sale (Enter)</source>
        <translation>Satışa ekle (Enter)</translation>
    </message>
    <message>
        <source>Add to sale</source>
        <translation>Satışa ekle</translation>
    </message>
    <message>
        <source>This sale already sends goods here; they go together.</source>
        <translation>Bu satış zaten buraya ürün gönderiyor; birlikte gidecekler.</translation>
    </message>
    <message>
        <source>Stock figures are {age}.</source>
        <translation>Stok bilgileri {age}.</translation>
    </message>
    <message>
        <source>Offline or old figures: the order is taken and queued, but availability is not guaranteed until it syncs. The receipt says so.</source>
        <translation>Çevrimdışı ya da eski bilgiler: sipariş alınır ve sıraya konur, ancak senkronize olana kadar stok garanti edilmez. Fişte de bu yazar.</translation>
    </message>
    <message>
        <source>{code} {name}: {available} available ({age})</source>
        <translation>{code} {name}: {available} mevcut ({age})</translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <source>Price override</source>
        <translation>Fiyat değişikliği</translation>
    </message>
    <message>
        <source>New unit price</source>
        <translation>Yeni birim fiyat</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Neden</translation>
    </message>
    <message>
        <source>Damaged</source>
        <translation>Hasarlı</translation>
    </message>
    <message>
        <source>Price match</source>
        <translation>Fiyat eşitleme</translation>
    </message>
    <message>
        <source>Manager offer</source>
        <translation>Müdür teklifi</translation>
    </message>
    <message>
        <source>Type the new price, for example 12,50.</source>
        <translation>Yeni fiyatı girin, örneğin 12,50.</translation>
    </message>
    <message>
        <source>Choose or type a reason.</source>
        <translation>Bir neden seçin veya yazın.</translation>
    </message>
</context>
<context>
    <name>ParkedDialog</name>
    <message>
        <source>{count} items</source>
        <translation>{count} ürün</translation>
    </message>
    <message>
        <source>Parked sales</source>
        <translation>Bekleyen satışlar</translation>
    </message>
    <message>
        <source>Resume (Enter)</source>
        <translation>Devam et (Enter)</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Satışa devam et</translation>
    </message>
    <message>
        <source>No parked sales.</source>
        <translation>Bekleyen satış yok.</translation>
    </message>
</context>
<context>
    <name>PaymentScreen</name>
    <message>
        <source>To pay</source>
        <translation>Ödenecek</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Ödenen</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>Kalan</translation>
    </message>
    <message>
        <source>Payments taken</source>
        <translation>Alınan ödemeler</translation>
    </message>
    <message>
        <source>Remove payment (Del)</source>
        <translation>Ödemeyi sil (Del)</translation>
    </message>
    <message>
        <source>Remove payment</source>
        <translation>Ödemeyi sil</translation>
    </message>
    <message>
        <source>Cash received, then Enter</source>
        <translation>Alınan nakit, sonra Enter</translation>
    </message>
    <message>
        <source>Amount received</source>
        <translation>Alınan tutar</translation>
    </message>
    <message>
        <source>Cash
Enter</source>
        <translation>Nakit
Enter</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Nakit</translation>
    </message>
    <message>
        <source>Card
F3</source>
        <translation>Kart
F3</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Kart</translation>
    </message>
    <message>
        <source>Voucher
F4</source>
        <translation>Kredi fişi
F4</translation>
    </message>
    <message>
        <source>Store credit voucher</source>
        <translation>Mağaza kredi fişi</translation>
    </message>
    <message>
        <source>Points
F7</source>
        <translation>Puan
F7</translation>
    </message>
    <message>
        <source>Pay with points</source>
        <translation>Puanla öde</translation>
    </message>
    <message>
        <source>Gift card
F8</source>
        <translation>Hediye kartı
F8</translation>
    </message>
    <message>
        <source>Pay with a gift card</source>
        <translation>Hediye kartıyla öde</translation>
    </message>
    <message>
        <source>Receipt (F6):</source>
        <translation>Fiş (F6):</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>Kağıt</translation>
    </message>
    <message>
        <source>Paper receipt only</source>
        <translation>Yalnızca kağıt fiş</translation>
    </message>
    <message>
        <source>E-receipt</source>
        <translation>E-fiş</translation>
    </message>
    <message>
        <source>E-receipt only: the QR</source>
        <translation>Yalnızca e-fiş: karekod</translation>
    </message>
    <message>
        <source>Both</source>
        <translation>İkisi de</translation>
    </message>
    <message>
        <source>Paper receipt and e-receipt QR</source>
        <translation>Kağıt fiş ve e-fiş karekodu</translation>
    </message>
    <message>
        <source>Back to sale</source>
        <translation>Satışa dön</translation>
    </message>
    <message>
        <source>Back (Esc)</source>
        <translation>Geri (Esc)</translation>
    </message>
    <message>
        <source>Complete sale (F12)</source>
        <translation>Satışı tamamla (F12)</translation>
    </message>
    <message>
        <source>Complete sale</source>
        <translation>Satışı tamamla</translation>
    </message>
    <message>
        <source>Digits, Enter</source>
        <translation>Rakamlar, Enter</translation>
    </message>
    <message>
        <source>Cash received</source>
        <translation>Alınan nakit</translation>
    </message>
    <message>
        <source>Exact cash</source>
        <translation>Tam tutar nakit</translation>
    </message>
    <message>
        <source>Quick cash amounts</source>
        <translation>Hızlı nakit tutarları</translation>
    </message>
    <message>
        <source>Card payment</source>
        <translation>Kartla ödeme</translation>
    </message>
    <message>
        <source>Pay with the customer&apos;s points</source>
        <translation>Müşterinin puanıyla öde</translation>
    </message>
    <message>
        <source>Pay with a gift card or store-credit card</source>
        <translation>Hediye kartı ya da mağaza kredisi kartıyla öde</translation>
    </message>
    <message>
        <source>Remove the selected payment</source>
        <translation>Seçili ödemeyi sil</translation>
    </message>
    <message>
        <source>Receipt: paper, e-receipt or both</source>
        <translation>Fiş: kağıt, e-fiş veya ikisi de</translation>
    </message>
    <message>
        <source>Complete the sale</source>
        <translation>Satışı tamamla</translation>
    </message>
    <message>
        <source>Back to the sale</source>
        <translation>Satışa dön</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Para üstü</translation>
    </message>
    <message>
        <source>Cash {amount}</source>
        <translation>Nakit {amount}</translation>
    </message>
    <message>
        <source>Quick cash amount</source>
        <translation>Hızlı nakit tutarı</translation>
    </message>
    <message>
        <source>Type the cash received, for example 200 or 150,50.</source>
        <translation>Alınan nakdi girin, örneğin 200 veya 150,50.</translation>
    </message>
    <message>
        <source>Card refund</source>
        <translation>Karta iade</translation>
    </message>
    <message>
        <source>Refund the card on the card terminal, then type its approval code.</source>
        <translation>İadeyi kart terminalinden karta yapın, sonra onay kodunu girin.</translation>
    </message>
</context>
<context>
    <name>Pickup</name>
    <message>
        <source>To prepare</source>
        <translation>Hazırlanacak</translation>
    </message>
    <message>
        <source>Prepared</source>
        <translation>Hazırlandı</translation>
    </message>
    <message>
        <source>Ready for pickup</source>
        <translation>Teslime hazır</translation>
    </message>
    <message>
        <source>Collected</source>
        <translation>Teslim edildi</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>İptal</translation>
    </message>
</context>
<context>
    <name>PickupDialog</name>
    <message>
        <source>Pickups: web orders for this store</source>
        <translation>Teslimler: bu mağazanın web siparişleri</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Kapat (Esc)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Kapat</translation>
    </message>
    <message>
        <source>Order no., name, phone or pickup code; or scan the customer&apos;s QR</source>
        <translation>Sipariş no, ad, telefon ya da teslim kodu; veya müşterinin QR kodunu okutun</translation>
    </message>
    <message>
        <source>Search pickups</source>
        <translation>Teslim ara</translation>
    </message>
    <message>
        <source>Prepared</source>
        <translation>Hazırlandı</translation>
    </message>
    <message>
        <source>Mark prepared</source>
        <translation>Hazırlandı olarak işaretle</translation>
    </message>
    <message>
        <source>Ready for pickup</source>
        <translation>Teslime hazır</translation>
    </message>
    <message>
        <source>Mark ready</source>
        <translation>Teslime hazır olarak işaretle</translation>
    </message>
    <message>
        <source>Hand over…</source>
        <translation>Teslim et…</translation>
    </message>
    <message>
        <source>Hand over</source>
        <translation>Teslim et</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Sipariş</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Müşteri</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Toplam</translation>
    </message>
    <message>
        <source>Pick up by</source>
        <translation>Son teslim</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Durum</translation>
    </message>
    <message>
        <source>Pickup orders</source>
        <translation>Teslim siparişleri</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Miktar</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Ürün</translation>
    </message>
    <message>
        <source>Bin</source>
        <translation>Raf</translation>
    </message>
    <message>
        <source>Picking list</source>
        <translation>Toplama listesi</translation>
    </message>
    <message>
        <source>To prepare</source>
        <translation>Hazırlanacak</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Hazır</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Gecikmiş</translation>
    </message>
    <message>
        <source>Collected</source>
        <translation>Teslim edildi</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>İptal</translation>
    </message>
    <message>
        <source>Web orders {age}</source>
        <translation>Web siparişleri {age}</translation>
    </message>
    <message>
        <source>Offline or not synced lately: check the state with the web shop.</source>
        <translation>Çevrimdışı ya da uzun süredir eşitlenmedi: durumu web mağazasıyla kontrol edin.</translation>
    </message>
    <message>
        <source>{state} (not synced yet)</source>
        <translation>{state} (henüz gönderilmedi)</translation>
    </message>
    <message>
        <source>No pickup orders here.</source>
        <translation>Burada teslim siparişi yok.</translation>
    </message>
    <message>
        <source>Choose an order to see its picking list.</source>
        <translation>Toplama listesini görmek için bir sipariş seçin.</translation>
    </message>
    <message>
        <source>Paid online</source>
        <translation>Çevrimiçi ödendi</translation>
    </message>
    <message>
        <source>Pay in store: {total}</source>
        <translation>Mağazada ödenecek: {total}</translation>
    </message>
    <message>
        <source>Pick up by {when}</source>
        <translation>Son teslim {when}</translation>
    </message>
    <message>
        <source>OVERDUE: call the customer or cancel online.</source>
        <translation>GECİKTİ: müşteriyi arayın ya da çevrimiçi iptal edin.</translation>
    </message>
    <message>
        <source>Last step not synced yet: it goes when the network is back.</source>
        <translation>Son adım henüz gönderilmedi: ağ gelince gider.</translation>
    </message>
    <message>
        <source>The backend refused the last step: {reason}. A staff task was raised.</source>
        <translation>Merkez son adımı reddetti: {reason}. Personel için görev açıldı.</translation>
    </message>
    <message>
        <source>No pickup order of this store matches {code}.</source>
        <translation>Bu mağazada {code} ile eşleşen teslim siparişi yok.</translation>
    </message>
    <message>
        <source>Scan</source>
        <translation>Okutma</translation>
    </message>
    <message>
        <source>The customer&apos;s pickup QR opens the order</source>
        <translation>Müşterinin teslim QR kodu siparişi açar</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>Next step of the selected order</source>
        <translation>Seçili siparişin sonraki adımı</translation>
    </message>
</context>
<context>
    <name>PointsDialog</name>
    <message>
        <source>Pay with points</source>
        <translation>Puanla öde</translation>
    </message>
    <message>
        <source>Use points (Enter)</source>
        <translation>Puan kullan (Enter)</translation>
    </message>
    <message>
        <source>Use points</source>
        <translation>Puan kullan</translation>
    </message>
    <message>
        <source>Points to spend</source>
        <translation>Kullanılacak puan</translation>
    </message>
    <message>
        <source>No points can be spent in this sale.</source>
        <translation>Bu satışta puan kullanılamaz.</translation>
    </message>
    <message>
        <source>{points} points = {amount} available</source>
        <translation>{points} puan = {amount} kullanılabilir</translation>
    </message>
    <message>
        <source>The server reserves the points when you take them. If it cannot be reached, at most {points} points can be spent offline ({bound}).</source>
        <translation>Puanları aldığınızda sunucu bunları ayırır. Sunucuya ulaşılamazsa çevrimdışı en fazla {points} puan kullanılabilir ({bound}).</translation>
    </message>
    <message>
        <source>The server reserves the points when you take them. If it cannot be reached, no points can be spent offline ({bound}).</source>
        <translation>Puanları aldığınızda sunucu bunları ayırır. Sunucuya ulaşılamazsa çevrimdışı puan kullanılamaz ({bound}).</translation>
    </message>
    <message>
        <source>Offline: at most {points} points now ({bound}). The server settles the points when the till is back online.</source>
        <translation>Çevrimdışı: şu an en fazla {points} puan ({bound}). Kasa yeniden çevrimiçi olunca sunucu puanların hesabını kapatır.</translation>
    </message>
    <message>
        <source>Offline: no points can be spent now ({bound}). Take another payment, or try again once the till is back online.</source>
        <translation>Çevrimdışı: şu an puan kullanılamaz ({bound}). Başka bir ödeme alın ya da kasa yeniden çevrimiçi olunca tekrar deneyin.</translation>
    </message>
    <message>
        <source>Pays {amount}
({points} pay the rest)</source>
        <translation>{amount} öder
(kalanı {points} puan öder)</translation>
    </message>
    <message>
        <source>Type a whole number of points, for example 500.</source>
        <translation>Tam sayı olarak puan yazın, örneğin 500.</translation>
    </message>
</context>
<context>
    <name>Printer</name>
    <message>
        <source>Printer setting is wrong: {problem} Receipts wait until it is fixed.</source>
        <translation>Yazıcı ayarı hatalı: {problem} Fişler, düzeltilene kadar bekler.</translation>
    </message>
    <message>
        <source>No printer: receipts are shown on screen</source>
        <translation>Yazıcı yok: fişler ekranda gösterilir</translation>
    </message>
    <message>
        <source>Printer: checking…</source>
        <translation>Yazıcı: kontrol ediliyor…</translation>
    </message>
    <message>
        <source>Printer ready</source>
        <translation>Yazıcı hazır</translation>
    </message>
    <message>
        <source>Printer connected (it cannot report paper)</source>
        <translation>Yazıcı bağlı (kağıt durumunu bildiremiyor)</translation>
    </message>
    <message>
        <source>Printer offline</source>
        <translation>Yazıcı çevrim dışı</translation>
    </message>
    <message>
        <source>Printer out of paper</source>
        <translation>Yazıcıda kağıt bitti</translation>
    </message>
    <message>
        <source>Printer cover open</source>
        <translation>Yazıcı kapağı açık</translation>
    </message>
    <message>
        <source>Printer not reachable</source>
        <translation>Yazıcıya ulaşılamıyor</translation>
    </message>
    <message>
        <source>Printer not answering</source>
        <translation>Yazıcı yanıt vermiyor</translation>
    </message>
    <message>
        <source>{state}: receipts are held and print when it is back</source>
        <translation>{state}: fişler bekletiliyor, yazıcı dönünce basılacak</translation>
    </message>
    <message>
        <source>the connection to the printer broke</source>
        <translation>yazıcı bağlantısı koptu</translation>
    </message>
    <message>
        <source>Opening the drawer…</source>
        <translation>Çekmece açılıyor…</translation>
    </message>
    <message>
        <source>The drawer is open.</source>
        <translation>Çekmece açık.</translation>
    </message>
    <message>
        <source>No printer configured, so no drawer to open: use the key.</source>
        <translation>Yazıcı tanımlı değil, açılacak çekmece yok: anahtarı kullanın.</translation>
    </message>
    <message>
        <source>The drawer did not open ({detail}): use the key.</source>
        <translation>Çekmece açılmadı ({detail}): anahtarı kullanın.</translation>
    </message>
</context>
<context>
    <name>QuantityDialog</name>
    <message>
        <source>Quantity of {sku}</source>
        <translation>{sku} miktarı</translation>
    </message>
    <message>
        <source>Type a number of zero or more.</source>
        <translation>Sıfır ya da daha büyük bir sayı yazın.</translation>
    </message>
    <message>
        <source>A quantity has at most three decimals (grams).</source>
        <translation>Miktarda en fazla üç ondalık olur (gram).</translation>
    </message>
</context>
<context>
    <name>ReceiptsDialog</name>
    <message>
        <source>Receipts and printer</source>
        <translation>Fişler ve yazıcı</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Kapat (Esc)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Kapat</translation>
    </message>
    <message>
        <source>Print a copy</source>
        <translation>Kopya bas</translation>
    </message>
    <message>
        <source>Do not print</source>
        <translation>Basma</translation>
    </message>
    <message>
        <source>It printed</source>
        <translation>Basıldı</translation>
    </message>
    <message>
        <source>Print it again</source>
        <translation>Yeniden bas</translation>
    </message>
    <message>
        <source>Try the printer now</source>
        <translation>Yazıcıyı şimdi dene</translation>
    </message>
    <message>
        <source>Try now</source>
        <translation>Şimdi dene</translation>
    </message>
    <message>
        <source>X report</source>
        <translation>X raporu</translation>
    </message>
    <message>
        <source>Print the X report</source>
        <translation>X raporunu bas</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Saat</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Fiş</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Tür</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Durum</translation>
    </message>
    <message>
        <source>Print jobs</source>
        <translation>Yazdırma işleri</translation>
    </message>
    <message>
        <source>Receipt preview</source>
        <translation>Fiş önizlemesi</translation>
    </message>
    <message>
        <source>Refund slip</source>
        <translation>İade fişi</translation>
    </message>
    <message>
        <source>Exchange slip</source>
        <translation>Değişim fişi</translation>
    </message>
    <message>
        <source>Z report</source>
        <translation>Z raporu</translation>
    </message>
    <message>
        <source>Test page</source>
        <translation>Test sayfası</translation>
    </message>
    <message>
        <source>Waiting to print</source>
        <translation>Basılmayı bekliyor</translation>
    </message>
    <message>
        <source>Held: printer not ready</source>
        <translation>Bekletiliyor: yazıcı hazır değil</translation>
    </message>
    <message>
        <source>Printing</source>
        <translation>Basılıyor</translation>
    </message>
    <message>
        <source>Printed</source>
        <translation>Basıldı</translation>
    </message>
    <message>
        <source>Did it print? Check the paper</source>
        <translation>Basıldı mı? Kağıda bakın</translation>
    </message>
    <message>
        <source>Not printed (cancelled)</source>
        <translation>Basılmadı (iptal)</translation>
    </message>
    <message>
        <source>E-receipt only</source>
        <translation>Yalnızca e-fiş</translation>
    </message>
    <message>
        <source>On screen (no printer)</source>
        <translation>Ekranda (yazıcı yok)</translation>
    </message>
    <message>
        <source>{state} (copy)</source>
        <translation>{state} (kopya)</translation>
    </message>
</context>
<context>
    <name>ReceiveTab</name>
    <message>
        <source>Delivery note no.</source>
        <translation>İrsaliye no.</translation>
    </message>
    <message>
        <source>The number on the supplier&apos;s delivery note</source>
        <translation>Tedarikçinin irsaliyesindeki numara</translation>
    </message>
    <message>
        <source>Delivery note number</source>
        <translation>İrsaliye numarası</translation>
    </message>
    <message>
        <source>Review and post</source>
        <translation>Kontrol et ve kaydet</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Ürün</translation>
    </message>
    <message>
        <source>Here now</source>
        <translation>Şu an burada</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Gelen</translation>
    </message>
    <message>
        <source>Post the delivery</source>
        <translation>İrsaliyeyi kaydet</translation>
    </message>
    <message>
        <source>Delivery note {reference}: {lines} line(s), {total} in all. Book it in?</source>
        <translation>{reference} numaralı irsaliye: {lines} satır, toplam {total}. Stoka alınsın mı?</translation>
    </message>
    <message>
        <source>Delivery {reference} booked in: {lines} line(s), {total}.</source>
        <translation>{reference} irsaliyesi stoka alındı: {lines} satır, {total}.</translation>
    </message>
</context>
<context>
    <name>ResultScreen</name>
    <message>
        <source>Next sale (Enter)</source>
        <translation>Yeni satış (Enter)</translation>
    </message>
    <message>
        <source>Next sale</source>
        <translation>Yeni satış</translation>
    </message>
    <message>
        <source>Print a copy (F9)</source>
        <translation>Kopya bas (F9)</translation>
    </message>
    <message>
        <source>Print a copy</source>
        <translation>Kopya bas</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Fiş</translation>
    </message>
    <message>
        <source>Copy queued (F9 for another)</source>
        <translation>Kopya sırada (bir tane daha için F9)</translation>
    </message>
    <message>
        <source>Refund done</source>
        <translation>İade tamamlandı</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Para iadesi</translation>
    </message>
    <message>
        <source>Sale complete</source>
        <translation>Satış tamamlandı</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Para üstü</translation>
    </message>
    <message>
        <source>Receipt {number}</source>
        <translation>Fiş {number}</translation>
    </message>
    <message>
        <source>Total {amount}</source>
        <translation>Toplam {amount}</translation>
    </message>
    <message>
        <source>Returned goods: receipt {number}</source>
        <translation>İade edilen ürünler: fiş {number}</translation>
    </message>
    <message>
        <source>Store credit voucher {code}: give the customer the printed slip.</source>
        <translation>Mağaza kredi fişi {code}: basılan fişi müşteriye verin.</translation>
    </message>
</context>
<context>
    <name>ReturnScreen</name>
    <message>
        <source>Return or exchange</source>
        <translation>İade veya değişim</translation>
    </message>
    <message>
        <source>Scan the receipt barcode or type its number</source>
        <translation>Fiş barkodunu okutun veya numarasını yazın</translation>
    </message>
    <message>
        <source>Receipt number</source>
        <translation>Fiş numarası</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Bul</translation>
    </message>
    <message>
        <source>No receipt (F6)</source>
        <translation>Fişsiz (F6)</translation>
    </message>
    <message>
        <source>Return without receipt</source>
        <translation>Fişsiz iade</translation>
    </message>
    <message>
        <source>Web order (F7)</source>
        <translation>Web siparişi (F7)</translation>
    </message>
    <message>
        <source>Return an online order</source>
        <translation>Çevrimiçi siparişi iade al</translation>
    </message>
    <message>
        <source>Lines of the receipt</source>
        <translation>Fiş satırları</translation>
    </message>
    <message>
        <source>Returned items</source>
        <translation>İade edilen ürünler</translation>
    </message>
    <message>
        <source>All / none (Space)</source>
        <translation>Tümü / hiçbiri (Space)</translation>
    </message>
    <message>
        <source>Return all or none</source>
        <translation>Tümünü iade et ya da hiçbirini</translation>
    </message>
    <message>
        <source>Quantity (F3)</source>
        <translation>Miktar (F3)</translation>
    </message>
    <message>
        <source>Return quantity</source>
        <translation>İade miktarı</translation>
    </message>
    <message>
        <source>Remove (Del)</source>
        <translation>Kaldır (Del)</translation>
    </message>
    <message>
        <source>Remove line</source>
        <translation>Satırı kaldır</translation>
    </message>
    <message>
        <source>Refund as store credit (F4)</source>
        <translation>Mağaza kredisi olarak iade (F4)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>İptal (Esc)</translation>
    </message>
    <message>
        <source>Cancel return</source>
        <translation>İadeyi iptal et</translation>
    </message>
    <message>
        <source>Exchange (F11)</source>
        <translation>Değişim (F11)</translation>
    </message>
    <message>
        <source>Exchange for other items</source>
        <translation>Başka ürünlerle değiştir</translation>
    </message>
    <message>
        <source>Refund (F12)</source>
        <translation>İade et (F12)</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>İade et</translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation>Barkod okuyucu</translation>
    </message>
    <message>
        <source>Receipt barcode, then items to return</source>
        <translation>Önce fiş barkodu, sonra iade edilecek ürünler</translation>
    </message>
    <message>
        <source>Type a receipt number</source>
        <translation>Fiş numarası yazın</translation>
    </message>
    <message>
        <source>Return all or none of the selected line</source>
        <translation>Seçili satırın tümünü iade et ya da hiçbirini</translation>
    </message>
    <message>
        <source>Quantity to return of the selected line</source>
        <translation>Seçili satırdan iade edilecek miktar</translation>
    </message>
    <message>
        <source>Refund as store credit</source>
        <translation>Mağaza kredisi olarak iade</translation>
    </message>
    <message>
        <source>Return without receipt (needs approval)</source>
        <translation>Fişsiz iade (onay gerekir)</translation>
    </message>
    <message>
        <source>Return an online order: number, phone or the customer&apos;s QR</source>
        <translation>Çevrimiçi sipariş iadesi: numara, telefon ya da müşterinin QR kodu</translation>
    </message>
    <message>
        <source>Cancel the return</source>
        <translation>İadeyi iptal et</translation>
    </message>
    <message>
        <source>No receipt yet.</source>
        <translation>Henüz fiş yok.</translation>
    </message>
    <message>
        <source>Receipt {number} of {when}</source>
        <translation>Fiş {number} ({when})</translation>
    </message>
    <message>
        <source>Return without receipt, approved by {name}. Scan the items.</source>
        <translation>Fişsiz iade, onaylayan: {name}. Ürünleri okutun.</translation>
    </message>
    <message>
        <source>Refund: {amount}</source>
        <translation>İade: {amount}</translation>
    </message>
    <message>
        <source>How much of {name} comes back? (at most {max})</source>
        <translation>{name} ürününden ne kadar iade ediliyor? (en fazla {max})</translation>
    </message>
    <message>
        <source>Card refund</source>
        <translation>Karta iade</translation>
    </message>
    <message>
        <source>Refund the card on the card terminal, then type its approval code.</source>
        <translation>İadeyi kart terminalinden karta yapın, sonra onay kodunu girin.</translation>
    </message>
</context>
<context>
    <name>SaleScreen</name>
    <message>
        <source>Search name, code or barcode (F2)</source>
        <translation>Ad, kod veya barkod ara (F2)</translation>
    </message>
    <message>
        <source>Product search</source>
        <translation>Ürün arama</translation>
    </message>
    <message>
        <source>Items in this sale</source>
        <translation>Bu satıştaki ürünler</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Arama sonuçları</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Miktar</translation>
    </message>
    <message>
        <source>Line discount</source>
        <translation>Satır indirimi</translation>
    </message>
    <message>
        <source>Sale discount</source>
        <translation>Satış indirimi</translation>
    </message>
    <message>
        <source>Change price</source>
        <translation>Fiyat değiştir</translation>
    </message>
    <message>
        <source>Delete line</source>
        <translation>Satırı sil</translation>
    </message>
    <message>
        <source>Void sale</source>
        <translation>Satışı iptal</translation>
    </message>
    <message>
        <source>Park sale</source>
        <translation>Beklet</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Bekleyenler</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>İade</translation>
    </message>
    <message>
        <source>Close shift</source>
        <translation>Vardiya kapat</translation>
    </message>
    <message>
        <source>Pay  (F12)</source>
        <translation>Ödeme  (F12)</translation>
    </message>
    <message>
        <source>Pay</source>
        <translation>Ödeme</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Toplam</translation>
    </message>
    <message>
        <source>Search products by name, code or barcode</source>
        <translation>Ürünü ad, kod veya barkodla ara</translation>
    </message>
    <message>
        <source>Quantity or weight of the selected line</source>
        <translation>Seçili satırın miktarı veya ağırlığı</translation>
    </message>
    <message>
        <source>Discount on the selected line</source>
        <translation>Seçili satıra indirim</translation>
    </message>
    <message>
        <source>Discount on the whole sale</source>
        <translation>Satışın tamamına indirim</translation>
    </message>
    <message>
        <source>Change the price of the selected line</source>
        <translation>Seçili satırın fiyatını değiştir</translation>
    </message>
    <message>
        <source>Park the sale</source>
        <translation>Satışı beklemeye al</translation>
    </message>
    <message>
        <source>Resume a parked sale</source>
        <translation>Bekleyen satışa devam et</translation>
    </message>
    <message>
        <source>Return or exchange</source>
        <translation>İade veya değişim</translation>
    </message>
    <message>
        <source>Delete the selected line</source>
        <translation>Seçili satırı sil</translation>
    </message>
    <message>
        <source>Void the whole sale</source>
        <translation>Satışın tamamını iptal et</translation>
    </message>
    <message>
        <source>One more / one less of the selected line</source>
        <translation>Seçili satırda bir fazla / bir eksik</translation>
    </message>
    <message>
        <source>Select a line, or move in the search results</source>
        <translation>Satır seçin veya arama sonuçlarında gezinin</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>Aramayı temizle</translation>
    </message>
    <message>
        <source>Close the shift</source>
        <translation>Vardiyayı kapat</translation>
    </message>
    <message>
        <source>Items: {count}</source>
        <translation>Ürün: {count}</translation>
    </message>
    <message>
        <source>Discounts: {amount}</source>
        <translation>İndirimler: {amount}</translation>
    </message>
    <message>
        <source>incl. VAT {amount}</source>
        <translation>KDV (dahil) {amount}</translation>
    </message>
    <message>
        <source>Exchange: {amount} credit from returned goods</source>
        <translation>Değişim: iade edilen ürünlerden {amount} alacak</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Ağırlık</translation>
    </message>
    <message>
        <source>Weight of {name} in kg</source>
        <translation>{name} ağırlığı (kg)</translation>
    </message>
    <message>
        <source>★ Favourites</source>
        <translation>★ Favoriler</translation>
    </message>
    <message>
        <source>No favourites yet: they fill from the best sellers.</source>
        <translation>Henüz favori yok: en çok satanlarla dolacak.</translation>
    </message>
    <message>
        <source>Add an item first.</source>
        <translation>Önce bir ürün ekleyin.</translation>
    </message>
    <message>
        <source>How many of {name}?</source>
        <translation>{name} kaç adet?</translation>
    </message>
    <message>
        <source>Discount on {name}</source>
        <translation>{name} için indirim</translation>
    </message>
    <message>
        <source>Remove every item and start again? This is recorded.</source>
        <translation>Tüm ürünler silinip baştan başlansın mı? Bu işlem kaydedilir.</translation>
    </message>
    <message>
        <source>Sale parked. F8 brings it back.</source>
        <translation>Satış beklemeye alındı. F8 ile geri çağırabilirsiniz.</translation>
    </message>
    <message>
        <source>Park or finish the current sale first.</source>
        <translation>Önce mevcut satışı beklemeye alın veya bitirin.</translation>
    </message>
</context>
<context>
    <name>ShiftCloseScreen</name>
    <message>
        <source>Close shift</source>
        <translation>Vardiyayı kapat</translation>
    </message>
    <message>
        <source>Count the notes and coins in the drawer and enter how many of each there are.</source>
        <translation>Çekmecedeki banknot ve madeni paraları sayın, her birinden kaç adet olduğunu girin.</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Banknotlar</translation>
    </message>
    <message>
        <source>Coins</source>
        <translation>Madeni paralar</translation>
    </message>
    <message>
        <source>Number of {value} notes</source>
        <translation>{value} banknot adedi</translation>
    </message>
    <message>
        <source>Number of {value} coins</source>
        <translation>{value} madeni para adedi</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>Sayılan</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>İptal</translation>
    </message>
    <message>
        <source>Shift closed</source>
        <translation>Vardiya kapatıldı</translation>
    </message>
    <message>
        <source>Expected in the drawer</source>
        <translation>Çekmecede olması gereken</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Devam</translation>
    </message>
    <message>
        <source>Balanced: {amount}</source>
        <translation>Kasa denk: {amount}</translation>
    </message>
    <message>
        <source>Short: {amount}</source>
        <translation>Kasa açığı: {amount}</translation>
    </message>
    <message>
        <source>Over: {amount}</source>
        <translation>Kasa fazlası: {amount}</translation>
    </message>
    <message>
        <source>Z report no. {number}</source>
        <translation>Z raporu no. {number}</translation>
    </message>
    <message>
        <source>Closed with the approval of {name}.</source>
        <translation>{name} onayıyla kapatıldı.</translation>
    </message>
</context>
<context>
    <name>ShiftOpenScreen</name>
    <message>
        <source>Open shift</source>
        <translation>Vardiya aç</translation>
    </message>
    <message>
        <source>Signed in: {name}</source>
        <translation>Giriş yapan: {name}</translation>
    </message>
    <message>
        <source>Opening float: the cash in the drawer now</source>
        <translation>Açılış nakdi: şu an çekmecedeki nakit</translation>
    </message>
    <message>
        <source>Opening float</source>
        <translation>Açılış nakdi</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Çıkış yap</translation>
    </message>
    <message>
        <source>Enter the cash in the drawer, for example {example}.</source>
        <translation>Çekmecedeki nakdi girin, örneğin {example}.</translation>
    </message>
    <message>
        <source>&quot;{text}&quot; is not an amount. Type digits, for example {example}.</source>
        <translation>&quot;{text}&quot; bir tutar değil. Rakam girin, örneğin {example}.</translation>
    </message>
    <message>
        <source>Amounts have at most two decimals.</source>
        <translation>Tutarlarda en fazla iki ondalık basamak olabilir.</translation>
    </message>
    <message>
        <source>The float cannot be negative.</source>
        <translation>Açılış nakdi negatif olamaz.</translation>
    </message>
    <message>
        <source>That amount is too large for a float.</source>
        <translation>Bu tutar açılış nakdi için çok büyük.</translation>
    </message>
</context>
<context>
    <name>SignInScreen</name>
    <message>
        <source>Sign in</source>
        <translation>Giriş yap</translation>
    </message>
    <message>
        <source>Tap your name, then type your PIN.</source>
        <translation>Adınıza dokunun, sonra PIN&apos;inizi girin.</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>Kasiyer</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Sorumlu</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Müdür</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Sign in (Enter)</source>
        <translation>Giriş yap (Enter)</translation>
    </message>
    <message>
        <source>Who is signing in?</source>
        <translation>Kim giriş yapıyor?</translation>
    </message>
    <message>
        <source>PIN for {name}</source>
        <translation>{name} için PIN</translation>
    </message>
    <message>
        <source>Tap your name first.</source>
        <translation>Önce adınıza dokunun.</translation>
    </message>
    <message>
        <source>{count} tries left.</source>
        <translation>{count} deneme hakkı kaldı.</translation>
    </message>
</context>
<context>
    <name>SignUpDialog</name>
    <message>
        <source>New customer</source>
        <translation>Yeni müşteri</translation>
    </message>
    <message>
        <source>Name and surname</source>
        <translation>Ad soyad</translation>
    </message>
    <message>
        <source>Mobile phone</source>
        <translation>Cep telefonu</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-posta</translation>
    </message>
    <message>
        <source>KVKK notice</source>
        <translation>KVKK Aydınlatma Metni</translation>
    </message>
    <message>
        <source>This till has no KVKK notice yet, so nobody can be signed up here: sync the till and try again.</source>
        <translation>Bu kasada henüz KVKK Aydınlatma Metni yok, bu yüzden burada müşteri kaydedilemez: kasayı eşitleyip yeniden deneyin.</translation>
    </message>
    <message>
        <source>KVKK notice, version {version}: show it to the customer</source>
        <translation>KVKK Aydınlatma Metni, sürüm {version}: müşteriye gösterin</translation>
    </message>
    <message>
        <source>I have informed the customer and shown the notice (required)</source>
        <translation>Müşteriyi bilgilendirdim ve Aydınlatma Metnini gösterdim (zorunlu)</translation>
    </message>
    <message>
        <source>Optional consents, ask for each one</source>
        <translation>İsteğe bağlı açık rızalar: her birini ayrı ayrı sorun</translation>
    </message>
    <message>
        <source>Use the existing customer</source>
        <translation>Kayıtlı müşteriyi kullan</translation>
    </message>
    <message>
        <source>Sign up (Enter)</source>
        <translation>Kaydet (Enter)</translation>
    </message>
    <message>
        <source>Sign up</source>
        <translation>Kaydet</translation>
    </message>
    <message>
        <source>Type the customer&apos;s name.</source>
        <translation>Müşterinin adını yazın.</translation>
    </message>
    <message>
        <source>Type a mobile phone number or an e-mail address.</source>
        <translation>Bir cep telefonu numarası veya e-posta adresi yazın.</translation>
    </message>
    <message>
        <source>Show the customer the KVKK notice and tick that it has been shown.</source>
        <translation>Müşteriye KVKK Aydınlatma Metnini gösterin ve gösterildiğini işaretleyin.</translation>
    </message>
</context>
<context>
    <name>StatusPanel</name>
    <message>
        <source>Sync: {state}</source>
        <translation>Eşitleme: {state}</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>Oturum kapalı</translation>
    </message>
    <message>
        <source>No shift open</source>
        <translation>Açık vardiya yok</translation>
    </message>
    <message>
        <source>Shift since {time}</source>
        <translation>Vardiya başlangıcı: {time}</translation>
    </message>
    <message>
        <source>Did {count} receipt(s) print? Check</source>
        <translation>{count} fiş basıldı mı? Kontrol edin</translation>
    </message>
    <message>
        <source>Receipts waiting: {count}</source>
        <translation>Bekleyen fiş: {count}</translation>
    </message>
</context>
<context>
    <name>StockDialog</name>
    <message>
        <source>Stock look-up</source>
        <translation>Stok sorgu</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Kapat (Esc)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Kapat</translation>
    </message>
    <message>
        <source>Scan, or type a barcode, SKU or name</source>
        <translation>Okutun ya da barkod, stok kodu veya ad yazın</translation>
    </message>
    <message>
        <source>Search stock</source>
        <translation>Stok ara</translation>
    </message>
    <message>
        <source>Items found</source>
        <translation>Bulunan ürünler</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Nerede</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>Eldeki</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>Ayrılan</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Satılabilir</translation>
    </message>
    <message>
        <source>As of</source>
        <translation>Tarih</translation>
    </message>
    <message>
        <source>Stock by store</source>
        <translation>Mağazalara göre stok</translation>
    </message>
    <message>
        <source>Sizes and colours of this item</source>
        <translation>Bu ürünün beden ve renkleri</translation>
    </message>
    <message>
        <source>Variant</source>
        <translation>Seçenek</translation>
    </message>
    <message>
        <source>Here</source>
        <translation>Burada</translation>
    </message>
    <message>
        <source>Other stores</source>
        <translation>Diğer mağazalar</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Çevrimiçi</translation>
    </message>
    <message>
        <source>Sizes and colours</source>
        <translation>Beden ve renkler</translation>
    </message>
    <message>
        <source>Manager mode…</source>
        <translation>Yönetici modu…</translation>
    </message>
    <message>
        <source>Manager mode: adjust, receive, count, transfer (manager PIN)</source>
        <translation>Yönetici modu: düzeltme, mal kabul, sayım, transfer (yönetici PIN&apos;i)</translation>
    </message>
    <message>
        <source>Order for the customer…</source>
        <translation>Müşteri için sipariş et…</translation>
    </message>
    <message>
        <source>Order for pickup elsewhere or delivery</source>
        <translation>Başka mağazadan teslim ya da adrese teslimat için sipariş et</translation>
    </message>
    <message>
        <source>No item matches {query}.</source>
        <translation>{query} ile eşleşen ürün yok.</translation>
    </message>
    <message>
        <source>Here {store}</source>
        <translation>Burada {store}</translation>
    </message>
    <message>
        <source>Online (web shop)</source>
        <translation>Çevrimiçi (web mağazası)</translation>
    </message>
    <message>
        <source>Sold or moved here since the last sync: {qty}.</source>
        <translation>Son eşitlemeden beri burada satılan ya da hareket eden: {qty}.</translation>
    </message>
    <message>
        <source>These figures are {age}: the network may be down.</source>
        <translation>Bu rakamlar {age}: ağ kesik olabilir.</translation>
    </message>
    <message>
        <source>Figures {age}.</source>
        <translation>Rakamlar {age}.</translation>
    </message>
</context>
<context>
    <name>StockTab</name>
    <message>
        <source>Scan, or type a barcode, SKU or name</source>
        <translation>Okutun ya da barkod, stok kodu veya ad yazın</translation>
    </message>
    <message>
        <source>Search stock</source>
        <translation>Stok ara</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>Tüm kategoriler</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategori</translation>
    </message>
    <message>
        <source>All items</source>
        <translation>Tüm ürünler</translation>
    </message>
    <message>
        <source>Low stock</source>
        <translation>Azalan stok</translation>
    </message>
    <message>
        <source>Negative stock</source>
        <translation>Eksi stok</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Ürün</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>Eldeki</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>Ayrılan</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Satılabilir</translation>
    </message>
    <message>
        <source>Other stores</source>
        <translation>Diğer mağazalar</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Çevrimiçi</translation>
    </message>
    <message>
        <source>Stock of the items found</source>
        <translation>Bulunan ürünlerin stoku</translation>
    </message>
    <message>
        <source>Adjust this item</source>
        <translation>Bu ürünü düzelt</translation>
    </message>
    <message>
        <source>Count this item</source>
        <translation>Bu ürünü say</translation>
    </message>
    <message>
        <source>No item matches.</source>
        <translation>Eşleşen ürün yok.</translation>
    </message>
    <message>
        <source>Available at other stores: {stores}</source>
        <translation>Diğer mağazalarda satılabilir: {stores}</translation>
    </message>
    <message>
        <source>Sizes and colours here: {sizes}</source>
        <translation>Burada beden ve renkler: {sizes}</translation>
    </message>
    <message>
        <source>Sold or moved here since the last sync: {qty}.</source>
        <translation>Son eşitlemeden beri burada satılan ya da hareket eden: {qty}.</translation>
    </message>
    <message>
        <source>Figures {age}.</source>
        <translation>Rakamlar {age}.</translation>
    </message>
</context>
<context>
    <name>Sync</name>
    <message>
        <source>Stand-alone</source>
        <translation>Yalnız bu kasa</translation>
    </message>
    <message>
        <source>last sync {time}</source>
        <translation>son eşitleme {time}</translation>
    </message>
    <message>
        <source>Refused: this till&apos;s data is a copy</source>
        <translation>Reddedildi: kasa verisi bir kopya</translation>
    </message>
    <message>
        <source>The backend refused this till: its data is a copy in use on another till. Sales are kept here; enrol this till again with a new code</source>
        <translation>Sunucu bu kasayı reddetti: verileri başka bir kasada kullanılan bir kopya. Satışlar burada saklanır; bu kasayı yeni bir kodla yeniden kaydedin</translation>
    </message>
    <message>
        <source>Downloading the catalogue…</source>
        <translation>Katalog indiriliyor…</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Çevrimiçi</translation>
    </message>
    <message>
        <source>not synced yet</source>
        <translation>henüz eşitlenmedi</translation>
    </message>
    <message>
        <source>Offline: sales are kept</source>
        <translation>Çevrimdışı: satışlar kaydediliyor</translation>
    </message>
    <message>
        <source>Offline — sales are kept and sent when the connection returns</source>
        <translation>Çevrimdışı — satışlar kaydediliyor, bağlantı gelince gönderilecek</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Bağlanılıyor…</translation>
    </message>
    <message>
        <source>Not synced yet</source>
        <translation>Henüz eşitlenmedi</translation>
    </message>
    <message>
        <source>{count} pending</source>
        <translation>{count} bekliyor</translation>
    </message>
    <message>
        <source>{count} rejected</source>
        <translation>{count} reddedildi</translation>
    </message>
    <message>
        <source>clock off by {minutes} min</source>
        <translation>saat {minutes} dk farklı</translation>
    </message>
    <message>
        <source>This till is not enrolled with a backend: sales stay on this till.</source>
        <translation>Bu kasa bir merkez sunucuya kayıtlı değil: satışlar bu kasada kalır.</translation>
    </message>
    <message>
        <source>Check this till&apos;s date and time.</source>
        <translation>Bu kasanın tarih ve saatini kontrol edin.</translation>
    </message>
    <message>
        <source>Last error: {error}</source>
        <translation>Son hata: {error}</translation>
    </message>
    <message>
        <source>Click for sync problems (Ctrl+Y)</source>
        <translation>Eşitleme sorunları için dokunun (Ctrl+Y)</translation>
    </message>
    <message>
        <source>Sale</source>
        <translation>Satış</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>İade</translation>
    </message>
    <message>
        <source>Shift close</source>
        <translation>Vardiya kapanışı</translation>
    </message>
    <message>
        <source>Stock adjustment</source>
        <translation>Stok düzeltmesi</translation>
    </message>
</context>
<context>
    <name>SyncProblemsDialog</name>
    <message>
        <source>Sync</source>
        <translation>Eşitleme</translation>
    </message>
    <message>
        <source>Sync with the backend</source>
        <translation>Merkez sunucuyla eşitleme</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Kapat (Esc)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Kapat</translation>
    </message>
    <message>
        <source>Sync now (F5)</source>
        <translation>Şimdi eşitle (F5)</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Şimdi eşitle</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Durum</translation>
    </message>
    <message>
        <source>Waiting to send</source>
        <translation>Gönderilmeyi bekleyen</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Sunucu</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Son hata</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Saat</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Tür</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Fiş</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Neden</translation>
    </message>
    <message>
        <source>Records the backend rejected</source>
        <translation>Merkezin reddettiği kayıtlar</translation>
    </message>
    <message>
        <source>No sync problems</source>
        <translation>Eşitleme sorunu yok</translation>
    </message>
    <message>
        <source>Check this till&apos;s date and time.</source>
        <translation>Bu kasanın tarih ve saatini kontrol edin.</translation>
    </message>
    <message>
        <source>{count} record(s)</source>
        <translation>{count} kayıt</translation>
    </message>
    <message>
        <source>No backend set up</source>
        <translation>Merkez sunucu ayarlanmamış</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Yok</translation>
    </message>
    <message>
        <source>This till is not enrolled with a backend: sales stay on this till.</source>
        <translation>Bu kasa bir merkez sunucuya kayıtlı değil: satışlar bu kasada kalır.</translation>
    </message>
    <message>
        <source>The backend refused these records. They stay on this till and are not sent again: show this list to your manager.</source>
        <translation>Merkez bu kayıtları reddetti. Kayıtlar bu kasada kalır ve yeniden gönderilmez: bu listeyi yöneticinize gösterin.</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Eşitleniyor…</translation>
    </message>
    <message>
        <source>Syncing</source>
        <translation>Eşitleniyor</translation>
    </message>
</context>
<context>
    <name>TransferTab</name>
    <message>
        <source>To store</source>
        <translation>Gideceği mağaza</translation>
    </message>
    <message>
        <source>Choose the store…</source>
        <translation>Mağaza seçin…</translation>
    </message>
    <message>
        <source>Destination store</source>
        <translation>Gideceği mağaza</translation>
    </message>
    <message>
        <source>The goods leave this store&apos;s stock now; they are booked in at the other store when this transfer reaches the backend.</source>
        <translation>Mallar bu mağazanın stokundan şimdi düşer; transfer merkeze ulaşınca diğer mağazada stoka alınır.</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Gönder</translation>
    </message>
    <message>
        <source>Post the transfer</source>
        <translation>Transferi kaydet</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Ürün</translation>
    </message>
    <message>
        <source>Here now</source>
        <translation>Şu an burada</translation>
    </message>
    <message>
        <source>Send to another store</source>
        <translation>Başka mağazaya gönder</translation>
    </message>
    <message>
        <source>Send {lines} line(s), {total} in all, to {store}? They are booked in there when this transfer syncs.</source>
        <translation>{lines} satır, toplam {total}, {store} mağazasına gönderilsin mi? Bu transfer eşitlenince orada stoka alınır.</translation>
    </message>
    <message>
        <source>Transfer to {store} posted: {lines} line(s), {total}.</source>
        <translation>{store} mağazasına transfer kaydedildi: {lines} satır, {total}.</translation>
    </message>
</context>
<context>
    <name>VoucherDialog</name>
    <message>
        <source>Store credit voucher</source>
        <translation>Mağaza kredi fişi</translation>
    </message>
    <message>
        <source>Voucher code (SC-...)</source>
        <translation>Kredi fişi kodu (SC-...)</translation>
    </message>
    <message>
        <source>Voucher code</source>
        <translation>Kredi fişi kodu</translation>
    </message>
    <message>
        <source>Amount to use</source>
        <translation>Kullanılacak tutar</translation>
    </message>
    <message>
        <source>Balance: {amount}</source>
        <translation>Bakiye: {amount}</translation>
    </message>
    <message>
        <source>Type the voucher code and the amount.</source>
        <translation>Kredi fişi kodunu ve tutarı girin.</translation>
    </message>
</context>
<context>
    <name>WebReturnDialog</name>
    <message>
        <source>Return a web order</source>
        <translation>Web siparişi iadesi</translation>
    </message>
    <message>
        <source>Order no., phone or name; or scan the customer&apos;s QR</source>
        <translation>Sipariş no., telefon veya ad; ya da müşterinin QR kodunu okutun</translation>
    </message>
    <message>
        <source>Search web orders</source>
        <translation>Web siparişlerinde ara</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Sipariş</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Müşteri</translation>
    </message>
    <message>
        <source>Returnable web orders</source>
        <translation>İade edilebilir web siparişleri</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Ürün</translation>
    </message>
    <message>
        <source>Bought</source>
        <translation>Alınan</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>İade edilen</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>İade</translation>
    </message>
    <message>
        <source>Lines of the web order</source>
        <translation>Web siparişinin satırları</translation>
    </message>
    <message>
        <source>One less (F3)</source>
        <translation>Bir eksik (F3)</translation>
    </message>
    <message>
        <source>Return one less</source>
        <translation>Bir adet eksik iade et</translation>
    </message>
    <message>
        <source>One more (F4)</source>
        <translation>Bir fazla (F4)</translation>
    </message>
    <message>
        <source>Return one more</source>
        <translation>Bir adet fazla iade et</translation>
    </message>
    <message>
        <source>All / none (Space)</source>
        <translation>Tümü / hiçbiri (Space)</translation>
    </message>
    <message>
        <source>Return all or none</source>
        <translation>Tümünü iade et ya da hiçbirini</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Kapat (Esc)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Kapat</translation>
    </message>
    <message>
        <source>Web orders {age}</source>
        <translation>Web siparişleri {age}</translation>
    </message>
    <message>
        <source>Offline or not synced lately: returns made elsewhere may be missing.</source>
        <translation>Çevrimdışı ya da uzun süredir eşitlenmedi: başka mağazalarda yapılan iadeler eksik olabilir.</translation>
    </message>
    <message>
        <source>Type or scan to find the order.</source>
        <translation>Siparişi bulmak için yazın veya okutun.</translation>
    </message>
    <message>
        <source>No returnable web order matches.</source>
        <translation>Eşleşen, iade edilebilir bir web siparişi yok.</translation>
    </message>
    <message>
        <source>Collected at {store} on {when}</source>
        <translation>{store} mağazasından {when} tarihinde teslim alındı</translation>
    </message>
    <message>
        <source>Delivered on {when}</source>
        <translation>{when} tarihinde teslim edildi</translation>
    </message>
    <message>
        <source>paid online {total}</source>
        <translation>çevrimiçi ödendi {total}</translation>
    </message>
    <message>
        <source>paid in a store {total}</source>
        <translation>mağazada ödendi {total}</translation>
    </message>
    <message>
        <source>return by {when}</source>
        <translation>son iade tarihi {when}</translation>
    </message>
    <message>
        <source>The return window ended on {when}: a manager must approve.</source>
        <translation>İade süresi {when} tarihinde doldu: bir müdür onaylamalı.</translation>
    </message>
    <message>
        <source>Returned here before, not synced yet: counted as returned.</source>
        <translation>Burada daha önce iade edildi, henüz eşitlenmedi: iade edilmiş sayılır.</translation>
    </message>
    <message>
        <source>Not returnable: a manager must approve</source>
        <translation>İade edilemez: bir müdür onaylamalı</translation>
    </message>
    <message>
        <source>Refund {amount}</source>
        <translation>İade {amount}</translation>
    </message>
    <message>
        <source>To the online payment: the web shop pays it back, no money leaves the drawer.</source>
        <translation>Çevrimiçi ödemeye: tutarı web mağazası geri öder, çekmeceden para çıkmaz.</translation>
    </message>
    <message>
        <source>As a store credit voucher, printed.</source>
        <translation>Mağaza kredisi kuponu olarak, yazdırılır.</translation>
    </message>
    <message>
        <source>As credit for items from the store: scan them next; what is left goes back like a refund.</source>
        <translation>Mağazadan alınacak ürünler için alacak olarak: ürünleri sonra okutun; artan tutar iade gibi geri ödenir.</translation>
    </message>
    <message>
        <source>A manager&apos;s PIN is needed for this return.</source>
        <translation>Bu iade için bir müdürün PIN kodu gerekir.</translation>
    </message>
    <message>
        <source>Exchange… (Enter)</source>
        <translation>Değişim… (Enter)</translation>
    </message>
    <message>
        <source>Refund… (Enter)</source>
        <translation>İade et… (Enter)</translation>
    </message>
    <message>
        <source>No returnable web order matches {code}.</source>
        <translation>{code} ile eşleşen, iade edilebilir bir web siparişi yok.</translation>
    </message>
    <message>
        <source>Scan</source>
        <translation>Okutma</translation>
    </message>
    <message>
        <source>The customer&apos;s order QR opens the order</source>
        <translation>Müşterinin sipariş QR kodu siparişi açar</translation>
    </message>
    <message>
        <source>One less of the selected line</source>
        <translation>Seçili satırdan bir eksik</translation>
    </message>
    <message>
        <source>One more of the selected line</source>
        <translation>Seçili satırdan bir fazla</translation>
    </message>
    <message>
        <source>All or none of the selected line</source>
        <translation>Seçili satırın tamamı ya da hiçbiri</translation>
    </message>
    <message>
        <source>Take back {count} line(s) of {number} for {amount} of credit, then sell the items the customer takes instead?</source>
        <translation>{number} siparişinin {count} satırı {amount} alacak karşılığında geri alınsın, ardından müşterinin yerine aldığı ürünler satılsın mı?</translation>
    </message>
    <message>
        <source>Take back {count} line(s) of {number} and issue a store credit voucher of {amount}?</source>
        <translation>{number} siparişinin {count} satırı geri alınsın ve {amount} tutarında mağaza kredisi kuponu verilsin mi?</translation>
    </message>
    <message>
        <source>Take back {count} line(s) of {number} and refund {amount} to the online payment?</source>
        <translation>{number} siparişinin {count} satırı geri alınsın ve {amount} çevrimiçi ödemeye iade edilsin mi?</translation>
    </message>
    <message>
        <source>Confirm the return</source>
        <translation>İadeyi onaylayın</translation>
    </message>
</context>
<context>
    <name>WebReturns</name>
    <message>
        <source>To the online payment</source>
        <translation>Çevrimiçi ödemeye</translation>
    </message>
    <message>
        <source>Store credit</source>
        <translation>Mağaza kredisi</translation>
    </message>
    <message>
        <source>Exchange</source>
        <translation>Değişim</translation>
    </message>
</context>
<context>
    <name>_CountPad</name>
    <message>
        <source>Delete last digit</source>
        <translation>Son rakamı sil</translation>
    </message>
    <message>
        <source>Clear the count</source>
        <translation>Sayımı temizle</translation>
    </message>
</context>
<context>
    <name>_LinesTab</name>
    <message>
        <source>Quantity…</source>
        <translation>Miktar…</translation>
    </message>
    <message>
        <source>Change the quantity</source>
        <translation>Miktarı değiştir</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Kaldır</translation>
    </message>
    <message>
        <source>Remove the line</source>
        <translation>Satırı kaldır</translation>
    </message>
    <message>
        <source>Start over</source>
        <translation>Baştan başla</translation>
    </message>
    <message>
        <source>Discard these lines</source>
        <translation>Bu satırları sil</translation>
    </message>
    <message>
        <source>Discard the lines of this task? Nothing was posted.</source>
        <translation>Bu işin satırları silinsin mi? Henüz hiçbir şey kaydedilmedi.</translation>
    </message>
</context>
</TS>
