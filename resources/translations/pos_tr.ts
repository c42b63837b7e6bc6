<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="tr_TR">
<context>
    <name>AmountDialog</name>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="238"/>
        <source>Type a number.</source>
        <translation>Bir sayı girin.</translation>
    </message>
</context>
<context>
    <name>ApprovalDialog</name>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="167"/>
        <source>Approval</source>
        <translation>Onay</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="168"/>
        <source>Supervisor approval</source>
        <translation>Sorumlu onayı</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="170"/>
        <source>A discount above your limit on this line.</source>
        <translation>Bu satırda yetki sınırınızı aşan indirim.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="171"/>
        <source>A discount above your limit on the whole sale.</source>
        <translation>Satışın tamamında yetki sınırınızı aşan indirim.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="172"/>
        <source>A price change above your limit.</source>
        <translation>Yetki sınırınızı aşan fiyat değişikliği.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="173"/>
        <source>A return without a receipt.</source>
        <translation>Fişsiz iade.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="174"/>
        <source>Opening the drawer without a sale.</source>
        <translation>Satış olmadan kasa çekmecesini açma.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="177"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="177"/>
        <source>Approver PIN</source>
        <translation>Onaylayanın PIN&apos;i</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="179"/>
        <source>No supervisor or manager is set up on this terminal.</source>
        <translation>Bu kasada tanımlı sorumlu veya müdür yok.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="190"/>
        <source>Choose who approves.</source>
        <translation>Onaylayacak kişiyi seçin.</translation>
    </message>
</context>
<context>
    <name>CardDialog</name>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="400"/>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="401"/>
        <source>Card payment</source>
        <translation>Kartla ödeme</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="402"/>
        <source>Amount to charge on the card terminal:</source>
        <translation>Kart terminalinden çekilecek tutar:</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="403"/>
        <source>Card amount</source>
        <translation>Kart tutarı</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="405"/>
        <source>When the terminal approves, type its approval code. Cancel if declined.</source>
        <translation>Terminal onaylayınca onay kodunu girin. Reddedilirse İptal&apos;e basın.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="407"/>
        <source>Approval code</source>
        <translation>Onay kodu</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="412"/>
        <source>Type the amount charged on the card.</source>
        <translation>Karttan çekilen tutarı girin.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="415"/>
        <source>Type the approval code from the card terminal.</source>
        <translation>Kart terminalindeki onay kodunu girin.</translation>
    </message>
</context>
<context>
    <name>CodeDialog</name>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="255"/>
        <source>Type the code.</source>
        <translation>Kodu girin.</translation>
    </message>
</context>
<context>
    <name>ConfirmDialog</name>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="540"/>
        <source>Reason (optional)</source>
        <translation>Neden (isteğe bağlı)</translation>
    </message>
</context>
<context>
    <name>Crash</name>
    <message>
        <location filename="../../pos_app/ui/crash.py" line="52"/>
        <source>Something went wrong</source>
        <translation>Bir sorun oluştu</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/crash.py" line="53"/>
        <source>An unexpected error happened. The sale in progress is saved and nothing was lost. You can carry on; if it happens again, restart the app and tell your manager.</source>
        <translation>Beklenmeyen bir hata oluştu. Devam eden satış kaydedildi, hiçbir şey kaybolmadı. Çalışmaya devam edebilirsiniz; tekrar olursa uygulamayı yeniden başlatın ve müdürünüze bildirin.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/crash.py" line="58"/>
        <source>Details are in the log file {path}.</source>
        <translation>Ayrıntılar {path} günlük dosyasında.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/crash.py" line="66"/>
        <source>Close</source>
        <translation>Kapat</translation>
    </message>
</context>
<context>
    <name>CustomerDisplay</name>
    <message>
        <location filename="../../pos_app/ui/cashier/customer_display.py" line="243"/>
        <source>Customer display</source>
        <translation>Müşteri ekranı</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/customer_display.py" line="244"/>
        <source>Welcome!</source>
        <translation>Hoş geldiniz!</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/customer_display.py" line="245"/>
        <source>Your items will appear here as they are scanned.</source>
        <translation>Ürünleriniz okutuldukça burada görünecek.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/customer_display.py" line="246"/>
        <location filename="../../pos_app/ui/cashier/customer_display.py" line="254"/>
        <source>Items in your purchase</source>
        <translation>Aldığınız ürünler</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/customer_display.py" line="250"/>
        <source>Columns</source>
        <translation>Sütunlar</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/customer_display.py" line="251"/>
        <source>Lines</source>
        <translation>Satırlar</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/customer_display.py" line="255"/>
        <source>Total</source>
        <translation>Toplam</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/customer_display.py" line="256"/>
        <source>Paid</source>
        <translation>Ödenen</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/customer_display.py" line="257"/>
        <source>Still to pay</source>
        <translation>Kalan</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/customer_display.py" line="258"/>
        <location filename="../../pos_app/ui/cashier/customer_display.py" line="260"/>
        <source>Your change</source>
        <translation>Para üstünüz</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/customer_display.py" line="259"/>
        <source>Thank you!</source>
        <translation>Teşekkür ederiz!</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/customer_display.py" line="261"/>
        <source>Scan for your e-receipt</source>
        <translation>E-fişiniz için okutun</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/customer_display.py" line="262"/>
        <source>QR code of your e-receipt</source>
        <translation>E-fişinizin QR kodu</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/customer_display.py" line="312"/>
        <source>Refund</source>
        <translation>İade tutarı</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/customer_display.py" line="314"/>
        <source>Total paid</source>
        <translation>Toplam ödenen</translation>
    </message>
</context>
<context>
    <name>DiscountDialog</name>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="289"/>
        <source>Percent (%)</source>
        <translation>Yüzde (%)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="290"/>
        <source>Amount (₺)</source>
        <translation>Tutar (₺)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="291"/>
        <source>0 removes the discount</source>
        <translation>0 indirimi kaldırır</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="291"/>
        <source>Discount</source>
        <translation>İndirim</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="308"/>
        <source>Type a percentage from 0 to 100.</source>
        <translation>0 ile 100 arasında bir yüzde girin.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="314"/>
        <source>Type an amount, for example 12,50.</source>
        <translation>Bir tutar girin, örneğin 12,50.</translation>
    </message>
</context>
<context>
    <name>EnrolDialog</name>
    <message>
        <location filename="../../pos_app/ui/cashier/enrol.py" line="181"/>
        <source>Enrol this till</source>
        <translation>Kasayı merkeze bağla</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/enrol.py" line="182"/>
        <source>Connect this till to the backend</source>
        <translation>Bu kasayı merkez sunucuya bağlayın</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/enrol.py" line="185"/>
        <source>Type the server address and the one-time enrolment code from the back office (it looks like ABCD-EFGH). Once enrolled the till keeps selling without a connection and sends its sales when it is back.</source>
        <translation>Sunucu adresini ve merkezden aldığınız tek kullanımlık kayıt kodunu yazın (ABCD-EFGH gibi). Kayıttan sonra kasa bağlantı olmadan da satış yapar, satışları bağlantı gelince gönderir.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/enrol.py" line="190"/>
        <location filename="../../pos_app/ui/cashier/enrol.py" line="192"/>
        <source>Server address</source>
        <translation>Sunucu adresi</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/enrol.py" line="191"/>
        <location filename="../../pos_app/ui/cashier/enrol.py" line="193"/>
        <source>Enrolment code</source>
        <translation>Kayıt kodu</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/enrol.py" line="194"/>
        <source>Connecting to the server…</source>
        <translation>Sunucuya bağlanılıyor…</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/enrol.py" line="195"/>
        <source>Connecting to the server</source>
        <translation>Sunucuya bağlanılıyor</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/enrol.py" line="196"/>
        <source>Cancel (Esc)</source>
        <translation>İptal (Esc)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/enrol.py" line="196"/>
        <source>Cancel</source>
        <translation>İptal</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/enrol.py" line="198"/>
        <source>Start the till (Enter)</source>
        <translation>Kasayı başlat (Enter)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/enrol.py" line="198"/>
        <source>Start</source>
        <translation>Başlat</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/enrol.py" line="201"/>
        <source>Enrol (Enter)</source>
        <translation>Bağla (Enter)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/enrol.py" line="201"/>
        <source>Enrol</source>
        <translation>Bağla</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/enrol.py" line="205"/>
        <source>Enrolled: {store} ({store_code}), till {terminal}.
Receipt numbers start at {prefix}-000001.</source>
        <translation>Bağlandı: {store} ({store_code}), kasa {terminal}.
Fiş numaraları {prefix}-000001 ile başlar.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/enrol.py" line="250"/>
        <source>Type the server address.</source>
        <translation>Sunucu adresini yazın.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/enrol.py" line="254"/>
        <source>Type the enrolment code.</source>
        <translation>Kayıt kodunu yazın.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/enrol.py" line="308"/>
        <source>The enrolment failed unexpectedly ({detail}). The log has the details.</source>
        <translation>Kayıt beklenmedik biçimde başarısız oldu ({detail}). Ayrıntılar günlük dosyasında.</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="20"/>
        <source>That person may not approve this.</source>
        <translation>Bu kişi bunu onaylayamaz.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="23"/>
        <source>This needs a supervisor&apos;s or manager&apos;s approval.</source>
        <translation>Bunun için sorumlu veya müdür onayı gerekir.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="26"/>
        <source>A price-labelled item cannot be changed.</source>
        <translation>Fiyat etiketli ürün değiştirilemez.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="29"/>
        <source>Items sold by the piece need a whole number.</source>
        <translation>Adetle satılan ürünlerde tam sayı girin.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="32"/>
        <source>A price cannot be negative.</source>
        <translation>Fiyat eksi olamaz.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="33"/>
        <source>A price override needs a reason.</source>
        <translation>Fiyat değişikliği için bir neden gerekir.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="36"/>
        <source>The quantity must be more than zero.</source>
        <translation>Miktar sıfırdan büyük olmalı.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="39"/>
        <source>That quantity is too large.</source>
        <translation>Bu miktar çok büyük.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="42"/>
        <source>Unknown barcode {code}</source>
        <translation>Bilinmeyen barkod {code}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="43"/>
        <source>That line is no longer in the sale.</source>
        <translation>Bu satır artık satışta değil.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="46"/>
        <source>Barcode {code} has a weight; the item is sold by piece.</source>
        <translation>{code} barkodunda ağırlık var; ürün adetle satılıyor.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="49"/>
        <source>This item is sold by weight: enter the weight.</source>
        <translation>Bu ürün tartılarak satılır: ağırlığı girin.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="52"/>
        <source>That weight is too large.</source>
        <translation>Bu ağırlık çok büyük.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="53"/>
        <source>Weights have at most three decimals (grams).</source>
        <translation>Ağırlıkta en fazla üç ondalık olur (gram).</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="56"/>
        <source>A percentage discount has at most two decimals.</source>
        <translation>Yüzde indirimde en fazla iki ondalık olur.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="59"/>
        <source>A discount cannot be more than 100 %.</source>
        <translation>İndirim %100&apos;den fazla olamaz.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="62"/>
        <source>A discount must be more than zero.</source>
        <translation>İndirim sıfırdan büyük olmalı.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="65"/>
        <source>That enrolment code is unknown, already used or expired. Ask the back office for a new one.</source>
        <translation>Bu kayıt kodu bilinmiyor, kullanılmış ya da süresi dolmuş. Merkezden yeni bir kod isteyin.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="70"/>
        <source>{url} is not a server address: it starts with https:// and names the server.</source>
        <translation>{url} bir sunucu adresi değil: https:// ile başlar ve sunucunun adını içerir.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="74"/>
        <source>The server {url} could not enrol this till. Try again; if it happens again, tell the back office.</source>
        <translation>{url} sunucusu bu kasayı kaydedemedi. Yeniden deneyin; tekrar olursa merkeze bildirin.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="79"/>
        <source>This till is already set up as {terminal} and this code is for another till. Ask the back office for a code for this till.</source>
        <translation>Bu kasa zaten {terminal} olarak kurulu ve bu kod başka bir kasa için. Merkezden bu kasa için bir kod isteyin.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="84"/>
        <source>The server {url} cannot be reached. Check the address and the network, then try again.</source>
        <translation>{url} sunucusuna ulaşılamıyor. Adresi ve ağ bağlantısını kontrol edip yeniden deneyin.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="89"/>
        <source>The exchange credit does not match the returned goods.</source>
        <translation>Değişim alacağı iade edilen ürünlerle uyuşmuyor.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="92"/>
        <source>That is not an amount.</source>
        <translation>Bu bir tutar değil.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="93"/>
        <source>Amounts have at most two decimals.</source>
        <translation>Tutarlarda en fazla iki ondalık olur.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="96"/>
        <source>Park or finish the current sale first.</source>
        <translation>Önce mevcut satışı bekletin veya bitirin.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="99"/>
        <source>An empty sale cannot be parked.</source>
        <translation>Boş satış bekletilemez.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="100"/>
        <source>An exchange cannot be parked; finish or void it.</source>
        <translation>Değişim bekletilemez; bitirin veya iptal edin.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="103"/>
        <source>That parked sale no longer exists.</source>
        <translation>Bu bekleyen satış artık yok.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="104"/>
        <source>The sale is already fully paid.</source>
        <translation>Satışın tamamı zaten ödendi.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="107"/>
        <source>Enter the card terminal&apos;s approval code.</source>
        <translation>Kart terminalinin onay kodunu girin.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="110"/>
        <source>A card cannot pay more than what is left.</source>
        <translation>Kartla kalan tutardan fazlası ödenemez.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="113"/>
        <source>Remove the approved card payment (refund it) first.</source>
        <translation>Önce onaylanan kart ödemesini kaldırın (iade edin).</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="116"/>
        <source>The cash is less than what is due.</source>
        <translation>Nakit, ödenecek tutardan az.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="119"/>
        <source>The exchange credit cannot be removed.</source>
        <translation>Değişim alacağı kaldırılamaz.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="122"/>
        <source>Finish or cancel the payment first.</source>
        <translation>Önce ödemeyi bitirin veya iptal edin.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="125"/>
        <source>Use a return for a negative amount.</source>
        <translation>Eksi tutar için iade kullanın.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="128"/>
        <source>The amount must be more than zero.</source>
        <translation>Tutar sıfırdan büyük olmalı.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="131"/>
        <source>Start the payment first.</source>
        <translation>Önce ödemeyi başlatın.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="132"/>
        <source>That payment is no longer there.</source>
        <translation>Bu ödeme artık yok.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="135"/>
        <source>Voucher {code} has only {balance_minor} left.</source>
        <translation>{code} kredi fişinde yalnızca {balance_minor} kaldı.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="138"/>
        <source>The printer setting {uri} is not valid.</source>
        <translation>Yazıcı ayarı {uri} geçersiz.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="141"/>
        <source>Printer profile {profile} cannot print Turkish ({code_page}).</source>
        <translation>{profile} yazıcı profili Türkçe yazdıramaz ({code_page}).</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="144"/>
        <source>Unknown printer profile {profile}.</source>
        <translation>Bilinmeyen yazıcı profili {profile}.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="147"/>
        <source>The receipt logo {path} cannot be read.</source>
        <translation>Fiş logosu {path} okunamıyor.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="150"/>
        <source>That print job no longer exists.</source>
        <translation>Bu yazdırma işi artık yok.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="153"/>
        <source>That print job has already moved on; the list is refreshed.</source>
        <translation>Bu yazdırma işinin durumu değişti; liste yenilendi.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="156"/>
        <source>Printing is not set up on this terminal.</source>
        <translation>Bu kasada yazdırma kurulu değil.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="159"/>
        <source>There is no receipt to print again yet.</source>
        <translation>Henüz yeniden basılacak fiş yok.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="162"/>
        <source>Choose paper, e-receipt or both.</source>
        <translation>Kağıt, e-fiş veya ikisini birden seçin.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="165"/>
        <source>Enter the card terminal&apos;s refund approval code.</source>
        <translation>Kart terminalinin iade onay kodunu girin.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="168"/>
        <source>Choose what is being returned.</source>
        <translation>İade edilecek ürünleri seçin.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="169"/>
        <source>The refund is more than what is left of the original payment.</source>
        <translation>İade, asıl ödemeden kalan tutardan fazla.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="172"/>
        <source>Scan the receipt or start a return without receipt.</source>
        <translation>Fişi okutun veya fişsiz iade başlatın.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="175"/>
        <source>That receipt is itself a return.</source>
        <translation>Bu fiş zaten bir iade fişi.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="178"/>
        <source>That item is not on this receipt, or was returned.</source>
        <translation>Bu ürün bu fişte yok ya da iade edilmiş.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="181"/>
        <source>Start a return first.</source>
        <translation>Önce bir iade başlatın.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="182"/>
        <source>There is nothing to refund.</source>
        <translation>İade edilecek bir şey yok.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="185"/>
        <source>Only {returnable} of that item can still be returned.</source>
        <translation>Bu üründen en fazla {returnable} daha iade edilebilir.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="188"/>
        <source>The return quantity must be more than zero.</source>
        <translation>İade miktarı sıfırdan büyük olmalı.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="191"/>
        <source>Finish or park the current sale first.</source>
        <translation>Önce mevcut satışı bitirin veya bekletin.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="194"/>
        <source>No sale with receipt {receipt_no}.</source>
        <translation>{receipt_no} numaralı fişe ait satış yok.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="197"/>
        <source>Every item is refused: cancel the order with the web shop instead.</source>
        <translation>Tüm ürünler reddedildi: siparişi web mağazasından iptal edin.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="200"/>
        <source>A refused quantity must be between zero and what was ordered ({sku}).</source>
        <translation>Reddedilen miktar sıfır ile sipariş edilen arasında olmalı ({sku}).</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="203"/>
        <source>Verify the pickup code or an ID document.</source>
        <translation>Teslim kodunu ya da bir kimlik belgesini doğrulayın.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="206"/>
        <source>Note which ID document was checked.</source>
        <translation>Hangi kimlik belgesine bakıldığını yazın.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="209"/>
        <source>No such pickup order here.</source>
        <translation>Bu mağazada böyle bir teslim siparişi yok.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="210"/>
        <source>No completed sale paid for this order.</source>
        <translation>Bu sipariş için ödenmiş bir satış yok.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="213"/>
        <source>This order is paid in store: ring it up and take the payment first.</source>
        <translation>Bu sipariş mağazada ödenecek: önce kasadan geçirip ödemeyi alın.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="216"/>
        <source>Wrong pickup code: ask for the code in the order message, or check an ID.</source>
        <translation>Teslim kodu yanlış: sipariş mesajındaki kodu isteyin ya da kimliğe bakın.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="219"/>
        <source>{number} is {state} now; refresh and try again.</source>
        <translation>{number} şu an {state}; yenileyip tekrar deneyin.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="222"/>
        <source>The sale is empty.</source>
        <translation>Satış boş.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="223"/>
        <source>The sale is not fully paid.</source>
        <translation>Satışın tamamı ödenmedi.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="224"/>
        <source>Finish the payment or the return first.</source>
        <translation>Önce ödemeyi veya iadeyi bitirin.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="227"/>
        <source>The total changed; start the payment again.</source>
        <translation>Toplam değişti; ödemeyi yeniden başlatın.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="230"/>
        <source>Sign in first.</source>
        <translation>Önce giriş yapın.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="231"/>
        <source>A shift is already open.</source>
        <translation>Zaten açık bir vardiya var.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="232"/>
        <source>A count cannot be negative.</source>
        <translation>Sayım eksi olamaz.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="233"/>
        <source>The float cannot be negative.</source>
        <translation>Açılış nakdi eksi olamaz.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="236"/>
        <source>Open a shift first.</source>
        <translation>Önce vardiya açın.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="237"/>
        <source>Finish or park the sale before closing the shift.</source>
        <translation>Vardiyayı kapatmadan önce satışı bitirin veya bekletin.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="240"/>
        <source>This till is not enrolled with a backend yet.</source>
        <translation>Bu kasa henüz bir merkez sunucuya kayıtlı değil.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="243"/>
        <source>A PIN has 4 to 8 digits.</source>
        <translation>PIN 4 ile 8 haneden oluşur.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="244"/>
        <source>This user is not active.</source>
        <translation>Bu kullanıcı etkin değil.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="245"/>
        <source>Too many wrong PINs: locked until {until}.</source>
        <translation>Çok fazla yanlış PIN: {until} saatine kadar kilitli.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="248"/>
        <source>Unknown user.</source>
        <translation>Bilinmeyen kullanıcı.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/messages.py" line="249"/>
        <source>Wrong PIN.</source>
        <translation>Yanlış PIN.</translation>
    </message>
</context>
<context>
    <name>Freshness</name>
    <message>
        <location filename="../../pos_app/ui/cashier/freshness.py" line="15"/>
        <source>never synced with the backend</source>
        <translation>merkezle hiç eşitlenmedi</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/freshness.py" line="21"/>
        <source>{days} d ago</source>
        <translation>{days} gün önce</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/freshness.py" line="25"/>
        <source>just now</source>
        <translation>az önce</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/freshness.py" line="27"/>
        <source>{minutes} min ago</source>
        <translation>{minutes} dk önce</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/freshness.py" line="31"/>
        <source>{hours} h {minutes} min ago</source>
        <translation>{hours} sa {minutes} dk önce</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/freshness.py" line="34"/>
        <source>as of {time} ({ago})</source>
        <translation>{time} itibarıyla ({ago})</translation>
    </message>
</context>
<context>
    <name>HandoverDialog</name>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="469"/>
        <source>Hand over {number}</source>
        <translation>{number} teslim et</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="472"/>
        <source>Paid online ({total}).</source>
        <translation>Çevrimiçi ödendi ({total}).</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="474"/>
        <source>Pay in store: {total}. Ring it up and take the payment first.</source>
        <translation>Mağazada ödenecek: {total}. Önce kasadan geçirip ödemeyi alın.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="479"/>
        <source>Pickup code</source>
        <translation>Teslim kodu</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="479"/>
        <source>Verify the pickup code</source>
        <translation>Teslim kodunu doğrula</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="480"/>
        <source>ID document</source>
        <translation>Kimlik belgesi</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="480"/>
        <source>Verify an ID document</source>
        <translation>Kimlik belgesini doğrula</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="481"/>
        <source>The 6-digit code from the customer&apos;s message</source>
        <translation>Müşterinin mesajındaki 6 haneli kod</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="483"/>
        <source>Which ID was checked, e.g. TC kimlik, last 4 digits</source>
        <translation>Hangi kimliğe bakıldı, ör. TC kimlik, son 4 hane</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="486"/>
        <source>Items the customer does not take (they go back to stock):</source>
        <translation>Müşterinin almadığı ürünler (stoğa geri döner):</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="489"/>
        <source>Item</source>
        <translation>Ürün</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="489"/>
        <source>Ordered</source>
        <translation>Sipariş</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="489"/>
        <source>Refused</source>
        <translation>Reddedilen</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="491"/>
        <source>Hand over (Enter)</source>
        <translation>Teslim et (Enter)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="491"/>
        <source>Hand over</source>
        <translation>Teslim et</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="522"/>
        <source>Refund to the online payment: {amount} (the web shop pays it back).</source>
        <translation>Çevrimiçi ödemeye iade: {amount} (web mağazası geri öder).</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="526"/>
        <source>Not charged: {amount} less to pay.</source>
        <translation>Alınmayacak: {amount} daha az ödenecek.</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="568"/>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="569"/>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="571"/>
        <source>Keyboard shortcuts</source>
        <translation>Klavye kısayolları</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="570"/>
        <source>Keys</source>
        <translation>Tuşlar</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="570"/>
        <source>Action</source>
        <translation>İşlem</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="572"/>
        <source>Close (Enter)</source>
        <translation>Kapat (Enter)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="572"/>
        <source>Close</source>
        <translation>Kapat</translation>
    </message>
</context>
<context>
    <name>KeyPad</name>
    <message>
        <location filename="../../pos_app/ui/widgets.py" line="118"/>
        <source>Delete last digit</source>
        <translation>Son rakamı sil</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/widgets.py" line="121"/>
        <source>Decimal separator</source>
        <translation>Ondalık ayırıcı</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../pos_app/ui/cashier/main_window.py" line="159"/>
        <source>Cash register</source>
        <translation>Kasa</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/main_window.py" line="171"/>
        <source>Switch language (Ctrl+L)</source>
        <translation>Dili değiştir (Ctrl+L)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/main_window.py" line="174"/>
        <source>Open drawer</source>
        <translation>Çekmeceyi aç</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/main_window.py" line="174"/>
        <source>Open drawer without a sale</source>
        <translation>Satış olmadan çekmeceyi aç</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/main_window.py" line="162"/>
        <source>Store {store}</source>
        <translation>Mağaza {store}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/main_window.py" line="164"/>
        <source>{store} · Till {terminal}</source>
        <translation>{store} · Kasa {terminal}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/main_window.py" line="177"/>
        <source>Receipts</source>
        <translation>Fişler</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/main_window.py" line="177"/>
        <source>Receipts and printer (Ctrl+P)</source>
        <translation>Fişler ve yazıcı (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/main_window.py" line="179"/>
        <source>Pickups</source>
        <translation>Teslimler</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/main_window.py" line="179"/>
        <source>Pickups: web orders (F6)</source>
        <translation>Teslimler: web siparişleri (F6)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/main_window.py" line="180"/>
        <source>Stock</source>
        <translation>Stok</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/main_window.py" line="180"/>
        <source>Stock look-up (F7)</source>
        <translation>Stok sorgu (F7)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/main_window.py" line="181"/>
        <source>Help (F1)</source>
        <translation>Yardım (F1)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/main_window.py" line="181"/>
        <source>Keyboard shortcuts</source>
        <translation>Klavye kısayolları</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/main_window.py" line="182"/>
        <source>Sign out</source>
        <translation>Çıkış yap</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/main_window.py" line="243"/>
        <source>Finish or park the sale before closing the shift.</source>
        <translation>Vardiyayı kapatmadan önce satışı bitirin veya beklemeye alın.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/main_window.py" line="280"/>
        <source>This help</source>
        <translation>Bu yardım</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/main_window.py" line="281"/>
        <source>Switch language Türkçe / English</source>
        <translation>Dili değiştir: Türkçe / English</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/main_window.py" line="282"/>
        <source>Open the drawer without a sale (approval)</source>
        <translation>Satış olmadan çekmeceyi aç (onay gerekir)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/main_window.py" line="283"/>
        <source>Receipts: reprint, cancel, did it print?, X report</source>
        <translation>Fişler: kopya bas, iptal et, basıldı mı?, X raporu</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/main_window.py" line="284"/>
        <source>Pickups: find, prepare and hand over web orders</source>
        <translation>Teslimler: web siparişlerini bul, hazırla, teslim et</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/main_window.py" line="285"/>
        <source>Stock here, at other stores and online</source>
        <translation>Burada, diğer mağazalarda ve çevrimiçi stok</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/main_window.py" line="286"/>
        <source>Sync: state, sync now, records the backend rejected</source>
        <translation>Eşitleme: durum, şimdi eşitle, merkezin reddettiği kayıtlar</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/main_window.py" line="287"/>
        <source>Sign out (a sale in progress is parked)</source>
        <translation>Çıkış yap (devam eden satış beklemeye alınır)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/main_window.py" line="288"/>
        <source>Scanner</source>
        <translation>Barkod okuyucu</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/main_window.py" line="288"/>
        <source>Scan anywhere on the sale screen</source>
        <translation>Satış ekranının her yerinde okutabilirsiniz</translation>
    </message>
</context>
<context>
    <name>Models</name>
    <message>
        <location filename="../../pos_app/ui/models.py" line="106"/>
        <location filename="../../pos_app/ui/models.py" line="286"/>
        <source>Item</source>
        <translation>Ürün</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/models.py" line="107"/>
        <source>Qty</source>
        <translation>Miktar</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/models.py" line="108"/>
        <source>Price</source>
        <translation>Fiyat</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/models.py" line="109"/>
        <source>Discount</source>
        <translation>İndirim</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/models.py" line="110"/>
        <source>Amount</source>
        <translation>Tutar</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/models.py" line="201"/>
        <source>Cash</source>
        <translation>Nakit</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/models.py" line="202"/>
        <source>Card</source>
        <translation>Kart</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/models.py" line="203"/>
        <source>Store credit</source>
        <translation>Mağaza kredisi</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/models.py" line="204"/>
        <source>Exchange credit</source>
        <translation>Değişim alacağı</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/models.py" line="208"/>
        <source>(given {amount})</source>
        <translation>(verilen {amount})</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/models.py" line="212"/>
        <source>code {code}</source>
        <translation>kod {code}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/models.py" line="287"/>
        <source>Sold</source>
        <translation>Satılan</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/models.py" line="288"/>
        <source>Returnable</source>
        <translation>İade edilebilir</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/models.py" line="289"/>
        <source>Return</source>
        <translation>İade</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/models.py" line="290"/>
        <source>Refund</source>
        <translation>İade tutarı</translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="353"/>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="354"/>
        <source>Price override</source>
        <translation>Fiyat değişikliği</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="356"/>
        <source>New unit price</source>
        <translation>Yeni birim fiyat</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="357"/>
        <source>Reason</source>
        <translation>Neden</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="358"/>
        <source>Damaged</source>
        <translation>Hasarlı</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="358"/>
        <source>Price match</source>
        <translation>Fiyat eşitleme</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="358"/>
        <source>Manager offer</source>
        <translation>Müdür teklifi</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="365"/>
        <source>Type the new price, for example 12,50.</source>
        <translation>Yeni fiyatı girin, örneğin 12,50.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="368"/>
        <source>Choose or type a reason.</source>
        <translation>Bir neden seçin veya yazın.</translation>
    </message>
</context>
<context>
    <name>ParkedDialog</name>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="478"/>
        <source>{count} items</source>
        <translation>{count} ürün</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="493"/>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="494"/>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="495"/>
        <source>Parked sales</source>
        <translation>Bekleyen satışlar</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="496"/>
        <source>Resume (Enter)</source>
        <translation>Devam et (Enter)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="496"/>
        <source>Resume</source>
        <translation>Satışa devam et</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="498"/>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="503"/>
        <source>No parked sales.</source>
        <translation>Bekleyen satış yok.</translation>
    </message>
</context>
<context>
    <name>PaymentScreen</name>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="150"/>
        <source>To pay</source>
        <translation>Ödenecek</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="151"/>
        <source>Paid</source>
        <translation>Ödenen</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="152"/>
        <location filename="../../pos_app/ui/cashier/payment.py" line="210"/>
        <source>Remaining</source>
        <translation>Kalan</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="153"/>
        <source>Payments taken</source>
        <translation>Alınan ödemeler</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="154"/>
        <source>Remove payment (Del)</source>
        <translation>Ödemeyi sil (Del)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="154"/>
        <source>Remove payment</source>
        <translation>Ödemeyi sil</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="157"/>
        <source>Cash received, then Enter</source>
        <translation>Alınan nakit, sonra Enter</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="158"/>
        <source>Amount received</source>
        <translation>Alınan tutar</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="160"/>
        <source>Cash
Enter</source>
        <translation>Nakit
Enter</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="160"/>
        <source>Cash</source>
        <translation>Nakit</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="161"/>
        <source>Card
F3</source>
        <translation>Kart
F3</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="161"/>
        <source>Card</source>
        <translation>Kart</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="162"/>
        <source>Voucher
F4</source>
        <translation>Kredi fişi
F4</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="162"/>
        <location filename="../../pos_app/ui/cashier/payment.py" line="184"/>
        <source>Store credit voucher</source>
        <translation>Mağaza kredi fişi</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="163"/>
        <source>Receipt (F6):</source>
        <translation>Fiş (F6):</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="165"/>
        <source>Paper</source>
        <translation>Kağıt</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="165"/>
        <source>Paper receipt only</source>
        <translation>Yalnızca kağıt fiş</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="168"/>
        <source>E-receipt</source>
        <translation>E-fiş</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="169"/>
        <source>E-receipt only: the QR</source>
        <translation>Yalnızca e-fiş: karekod</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="171"/>
        <source>Both</source>
        <translation>İkisi de</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="171"/>
        <source>Paper receipt and e-receipt QR</source>
        <translation>Kağıt fiş ve e-fiş karekodu</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="174"/>
        <source>Back to sale</source>
        <translation>Satışa dön</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="174"/>
        <source>Back (Esc)</source>
        <translation>Geri (Esc)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="175"/>
        <source>Complete sale (F12)</source>
        <translation>Satışı tamamla (F12)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="175"/>
        <source>Complete sale</source>
        <translation>Satışı tamamla</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="180"/>
        <source>Digits, Enter</source>
        <translation>Rakamlar, Enter</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="180"/>
        <source>Cash received</source>
        <translation>Alınan nakit</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="181"/>
        <source>Exact cash</source>
        <translation>Tam tutar nakit</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="182"/>
        <source>Quick cash amounts</source>
        <translation>Hızlı nakit tutarları</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="183"/>
        <source>Card payment</source>
        <translation>Kartla ödeme</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="185"/>
        <source>Remove the selected payment</source>
        <translation>Seçili ödemeyi sil</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="186"/>
        <source>Receipt: paper, e-receipt or both</source>
        <translation>Fiş: kağıt, e-fiş veya ikisi de</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="187"/>
        <source>Complete the sale</source>
        <translation>Satışı tamamla</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="188"/>
        <source>Back to the sale</source>
        <translation>Satışa dön</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="214"/>
        <source>Change</source>
        <translation>Para üstü</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="227"/>
        <source>Cash {amount}</source>
        <translation>Nakit {amount}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="232"/>
        <source>Quick cash amount</source>
        <translation>Hızlı nakit tutarı</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="268"/>
        <source>Type the cash received, for example 200 or 150,50.</source>
        <translation>Alınan nakdi girin, örneğin 200 veya 150,50.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="335"/>
        <source>Card refund</source>
        <translation>Karta iade</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/payment.py" line="336"/>
        <source>Refund the card on the card terminal, then type its approval code.</source>
        <translation>İadeyi kart terminalinden karta yapın, sonra onay kodunu girin.</translation>
    </message>
</context>
<context>
    <name>Pickup</name>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="40"/>
        <source>To prepare</source>
        <translation>Hazırlanacak</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="41"/>
        <source>Prepared</source>
        <translation>Hazırlandı</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="42"/>
        <source>Ready for pickup</source>
        <translation>Teslime hazır</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="43"/>
        <source>Collected</source>
        <translation>Teslim edildi</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="44"/>
        <source>Cancelled</source>
        <translation>İptal</translation>
    </message>
</context>
<context>
    <name>PickupDialog</name>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="158"/>
        <source>Pickups: web orders for this store</source>
        <translation>Teslimler: bu mağazanın web siparişleri</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="159"/>
        <source>Close (Esc)</source>
        <translation>Kapat (Esc)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="159"/>
        <source>Close</source>
        <translation>Kapat</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="162"/>
        <source>Order no., name, phone or pickup code; or scan the customer&apos;s QR</source>
        <translation>Sipariş no, ad, telefon ya da teslim kodu; veya müşterinin QR kodunu okutun</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="163"/>
        <source>Search pickups</source>
        <translation>Teslim ara</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="165"/>
        <source>Prepared</source>
        <translation>Hazırlandı</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="165"/>
        <source>Mark prepared</source>
        <translation>Hazırlandı olarak işaretle</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="166"/>
        <source>Ready for pickup</source>
        <translation>Teslime hazır</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="166"/>
        <source>Mark ready</source>
        <translation>Teslime hazır olarak işaretle</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="167"/>
        <source>Hand over…</source>
        <translation>Teslim et…</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="167"/>
        <source>Hand over</source>
        <translation>Teslim et</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="170"/>
        <source>Order</source>
        <translation>Sipariş</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="171"/>
        <source>Customer</source>
        <translation>Müşteri</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="172"/>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="173"/>
        <source>Total</source>
        <translation>Toplam</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="174"/>
        <source>Pick up by</source>
        <translation>Son teslim</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="175"/>
        <source>State</source>
        <translation>Durum</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="178"/>
        <source>Pickup orders</source>
        <translation>Teslim siparişleri</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="180"/>
        <source>Qty</source>
        <translation>Miktar</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="180"/>
        <source>Item</source>
        <translation>Ürün</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="180"/>
        <source>Bin</source>
        <translation>Raf</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="182"/>
        <source>Picking list</source>
        <translation>Toplama listesi</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="188"/>
        <source>To prepare</source>
        <translation>Hazırlanacak</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="189"/>
        <source>Ready</source>
        <translation>Hazır</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="190"/>
        <source>Overdue</source>
        <translation>Gecikmiş</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="191"/>
        <source>Collected</source>
        <translation>Teslim edildi</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="192"/>
        <source>Cancelled</source>
        <translation>İptal</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="218"/>
        <source>Web orders {age}</source>
        <translation>Web siparişleri {age}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="221"/>
        <source>Offline or not synced lately: check the state with the web shop.</source>
        <translation>Çevrimdışı ya da uzun süredir eşitlenmedi: durumu web mağazasıyla kontrol edin.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="232"/>
        <source>{state} (not synced yet)</source>
        <translation>{state} (henüz gönderilmedi)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="275"/>
        <source>No pickup orders here.</source>
        <translation>Burada teslim siparişi yok.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="277"/>
        <source>Choose an order to see its picking list.</source>
        <translation>Toplama listesini görmek için bir sipariş seçin.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="286"/>
        <source>Paid online</source>
        <translation>Çevrimiçi ödendi</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="288"/>
        <source>Pay in store: {total}</source>
        <translation>Mağazada ödenecek: {total}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="293"/>
        <source>Pick up by {when}</source>
        <translation>Son teslim {when}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="295"/>
        <source>OVERDUE: call the customer or cancel online.</source>
        <translation>GECİKTİ: müşteriyi arayın ya da çevrimiçi iptal edin.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="297"/>
        <source>Last step not synced yet: it goes when the network is back.</source>
        <translation>Son adım henüz gönderilmedi: ağ gelince gider.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="301"/>
        <source>The backend refused the last step: {reason}. A staff task was raised.</source>
        <translation>Merkez son adımı reddetti: {reason}. Personel için görev açıldı.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="366"/>
        <source>No pickup order of this store matches {code}.</source>
        <translation>Bu mağazada {code} ile eşleşen teslim siparişi yok.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="376"/>
        <source>Scan</source>
        <translation>Okutma</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="376"/>
        <source>The customer&apos;s pickup QR opens the order</source>
        <translation>Müşterinin teslim QR kodu siparişi açar</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="377"/>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/pickup.py" line="377"/>
        <source>Next step of the selected order</source>
        <translation>Seçili siparişin sonraki adımı</translation>
    </message>
</context>
<context>
    <name>PosDialog</name>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="90"/>
        <source>Cancel (Esc)</source>
        <translation>İptal (Esc)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="90"/>
        <source>Cancel</source>
        <translation>İptal</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="91"/>
        <source>OK (Enter)</source>
        <translation>Tamam (Enter)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="91"/>
        <source>OK</source>
        <translation>Tamam</translation>
    </message>
</context>
<context>
    <name>Printer</name>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="310"/>
        <source>Printer setting is wrong: {problem} Receipts wait until it is fixed.</source>
        <translation>Yazıcı ayarı hatalı: {problem} Fişler, düzeltilene kadar bekler.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="315"/>
        <source>No printer: receipts are shown on screen</source>
        <translation>Yazıcı yok: fişler ekranda gösterilir</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="318"/>
        <source>Printer: checking…</source>
        <translation>Yazıcı: kontrol ediliyor…</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="294"/>
        <source>Printer ready</source>
        <translation>Yazıcı hazır</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="295"/>
        <source>Printer connected (it cannot report paper)</source>
        <translation>Yazıcı bağlı (kağıt durumunu bildiremiyor)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="298"/>
        <source>Printer offline</source>
        <translation>Yazıcı çevrim dışı</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="299"/>
        <source>Printer out of paper</source>
        <translation>Yazıcıda kağıt bitti</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="300"/>
        <source>Printer cover open</source>
        <translation>Yazıcı kapağı açık</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="301"/>
        <source>Printer not reachable</source>
        <translation>Yazıcıya ulaşılamıyor</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="321"/>
        <source>{state}: receipts are held and print when it is back</source>
        <translation>{state}: fişler bekletiliyor, yazıcı dönünce basılacak</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="332"/>
        <source>the connection to the printer broke</source>
        <translation>yazıcı bağlantısı koptu</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="337"/>
        <source>Opening the drawer…</source>
        <translation>Çekmece açılıyor…</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="338"/>
        <source>The drawer is open.</source>
        <translation>Çekmece açık.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="339"/>
        <source>No printer configured, so no drawer to open: use the key.</source>
        <translation>Yazıcı tanımlı değil, açılacak çekmece yok: anahtarı kullanın.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="342"/>
        <source>The drawer did not open ({detail}): use the key.</source>
        <translation>Çekmece açılmadı ({detail}): anahtarı kullanın.</translation>
    </message>
</context>
<context>
    <name>ReceiptsDialog</name>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="150"/>
        <source>Receipts and printer</source>
        <translation>Fişler ve yazıcı</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="151"/>
        <source>Close (Esc)</source>
        <translation>Kapat (Esc)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="151"/>
        <source>Close</source>
        <translation>Kapat</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="152"/>
        <source>Print a copy</source>
        <translation>Kopya bas</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="153"/>
        <source>Do not print</source>
        <translation>Basma</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="154"/>
        <source>It printed</source>
        <translation>Basıldı</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="155"/>
        <source>Print it again</source>
        <translation>Yeniden bas</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="156"/>
        <source>Try the printer now</source>
        <translation>Yazıcıyı şimdi dene</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="156"/>
        <source>Try now</source>
        <translation>Şimdi dene</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="157"/>
        <location filename="../../pos_app/ui/cashier/printing.py" line="173"/>
        <source>X report</source>
        <translation>X raporu</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="157"/>
        <source>Print the X report</source>
        <translation>X raporunu bas</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="159"/>
        <source>Time</source>
        <translation>Saat</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="159"/>
        <location filename="../../pos_app/ui/cashier/printing.py" line="170"/>
        <source>Receipt</source>
        <translation>Fiş</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="159"/>
        <source>What</source>
        <translation>Tür</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="159"/>
        <source>State</source>
        <translation>Durum</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="161"/>
        <source>Print jobs</source>
        <translation>Yazdırma işleri</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="162"/>
        <source>Receipt preview</source>
        <translation>Fiş önizlemesi</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="171"/>
        <source>Refund slip</source>
        <translation>İade fişi</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="172"/>
        <source>Exchange slip</source>
        <translation>Değişim fişi</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="174"/>
        <source>Z report</source>
        <translation>Z raporu</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="175"/>
        <source>Test page</source>
        <translation>Test sayfası</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="180"/>
        <source>Waiting to print</source>
        <translation>Basılmayı bekliyor</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="181"/>
        <source>Held: printer not ready</source>
        <translation>Bekletiliyor: yazıcı hazır değil</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="182"/>
        <source>Printing</source>
        <translation>Basılıyor</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="183"/>
        <source>Printed</source>
        <translation>Basıldı</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="184"/>
        <source>Did it print? Check the paper</source>
        <translation>Basıldı mı? Kağıda bakın</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="185"/>
        <source>Not printed (cancelled)</source>
        <translation>Basılmadı (iptal)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="186"/>
        <source>E-receipt only</source>
        <translation>Yalnızca e-fiş</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="187"/>
        <source>On screen (no printer)</source>
        <translation>Ekranda (yazıcı yok)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/printing.py" line="190"/>
        <source>{state} (copy)</source>
        <translation>{state} (kopya)</translation>
    </message>
</context>
<context>
    <name>ResultScreen</name>
    <message>
        <location filename="../../pos_app/ui/cashier/result.py" line="70"/>
        <source>Next sale (Enter)</source>
        <translation>Yeni satış (Enter)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/result.py" line="70"/>
        <source>Next sale</source>
        <translation>Yeni satış</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/result.py" line="71"/>
        <location filename="../../pos_app/ui/cashier/result.py" line="86"/>
        <source>Print a copy (F9)</source>
        <translation>Kopya bas (F9)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/result.py" line="71"/>
        <source>Print a copy</source>
        <translation>Kopya bas</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/result.py" line="72"/>
        <source>Receipt</source>
        <translation>Fiş</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/result.py" line="83"/>
        <source>Copy queued (F9 for another)</source>
        <translation>Kopya sırada (bir tane daha için F9)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/result.py" line="97"/>
        <source>Refund done</source>
        <translation>İade tamamlandı</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/result.py" line="98"/>
        <source>Refund</source>
        <translation>Para iadesi</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/result.py" line="101"/>
        <source>Sale complete</source>
        <translation>Satış tamamlandı</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/result.py" line="102"/>
        <source>Change</source>
        <translation>Para üstü</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/result.py" line="104"/>
        <source>Receipt {number}</source>
        <translation>Fiş {number}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/result.py" line="107"/>
        <source>Total {amount}</source>
        <translation>Toplam {amount}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/result.py" line="111"/>
        <source>Returned goods: receipt {number}</source>
        <translation>İade edilen ürünler: fiş {number}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/result.py" line="118"/>
        <source>Store credit voucher {code}: give the customer the printed slip.</source>
        <translation>Mağaza kredi fişi {code}: basılan fişi müşteriye verin.</translation>
    </message>
</context>
<context>
    <name>ReturnScreen</name>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="130"/>
        <source>Return or exchange</source>
        <translation>İade veya değişim</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="133"/>
        <source>Scan the receipt barcode or type its number</source>
        <translation>Fiş barkodunu okutun veya numarasını yazın</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="134"/>
        <source>Receipt number</source>
        <translation>Fiş numarası</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="136"/>
        <source>Find</source>
        <translation>Bul</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="139"/>
        <source>No receipt (F6)</source>
        <translation>Fişsiz (F6)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="140"/>
        <source>Return without receipt</source>
        <translation>Fişsiz iade</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="142"/>
        <source>Lines of the receipt</source>
        <translation>Fiş satırları</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="145"/>
        <source>Returned items</source>
        <translation>İade edilen ürünler</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="146"/>
        <source>All / none (Space)</source>
        <translation>Tümü / hiçbiri (Space)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="146"/>
        <source>Return all or none</source>
        <translation>Tümünü iade et ya da hiçbirini</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="147"/>
        <source>Quantity (F3)</source>
        <translation>Miktar (F3)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="147"/>
        <location filename="../../pos_app/ui/cashier/returns.py" line="314"/>
        <source>Return quantity</source>
        <translation>İade miktarı</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="148"/>
        <source>Remove (Del)</source>
        <translation>Kaldır (Del)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="148"/>
        <source>Remove line</source>
        <translation>Satırı kaldır</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="149"/>
        <location filename="../../pos_app/ui/cashier/returns.py" line="150"/>
        <source>Refund as store credit (F4)</source>
        <translation>Mağaza kredisi olarak iade (F4)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="151"/>
        <source>Cancel (Esc)</source>
        <translation>İptal (Esc)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="151"/>
        <source>Cancel return</source>
        <translation>İadeyi iptal et</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="154"/>
        <source>Exchange (F11)</source>
        <translation>Değişim (F11)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="155"/>
        <location filename="../../pos_app/ui/cashier/returns.py" line="168"/>
        <source>Exchange for other items</source>
        <translation>Başka ürünlerle değiştir</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="157"/>
        <source>Refund (F12)</source>
        <translation>İade et (F12)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="157"/>
        <location filename="../../pos_app/ui/cashier/returns.py" line="169"/>
        <source>Refund</source>
        <translation>İade et</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="162"/>
        <source>Scanner</source>
        <translation>Barkod okuyucu</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="162"/>
        <source>Receipt barcode, then items to return</source>
        <translation>Önce fiş barkodu, sonra iade edilecek ürünler</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="163"/>
        <source>Type a receipt number</source>
        <translation>Fiş numarası yazın</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="164"/>
        <source>Return all or none of the selected line</source>
        <translation>Seçili satırın tümünü iade et ya da hiçbirini</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="165"/>
        <source>Quantity to return of the selected line</source>
        <translation>Seçili satırdan iade edilecek miktar</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="166"/>
        <source>Refund as store credit</source>
        <translation>Mağaza kredisi olarak iade</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="167"/>
        <source>Return without receipt (needs approval)</source>
        <translation>Fişsiz iade (onay gerekir)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="170"/>
        <source>Cancel the return</source>
        <translation>İadeyi iptal et</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="190"/>
        <source>No receipt yet.</source>
        <translation>Henüz fiş yok.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="197"/>
        <source>Receipt {number} of {when}</source>
        <translation>Fiş {number} ({when})</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="215"/>
        <source>Return without receipt, approved by {name}. Scan the items.</source>
        <translation>Fişsiz iade, onaylayan: {name}. Ürünleri okutun.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="235"/>
        <source>Refund: {amount}</source>
        <translation>İade: {amount}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="315"/>
        <source>How much of {name} comes back? (at most {max})</source>
        <translation>{name} ürününden ne kadar iade ediliyor? (en fazla {max})</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="369"/>
        <source>Card refund</source>
        <translation>Karta iade</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/returns.py" line="370"/>
        <source>Refund the card on the card terminal, then type its approval code.</source>
        <translation>İadeyi kart terminalinden karta yapın, sonra onay kodunu girin.</translation>
    </message>
</context>
<context>
    <name>SaleScreen</name>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="235"/>
        <source>Search name, code or barcode (F2)</source>
        <translation>Ad, kod veya barkod ara (F2)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="236"/>
        <source>Product search</source>
        <translation>Ürün arama</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="238"/>
        <source>Items in this sale</source>
        <translation>Bu satıştaki ürünler</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="249"/>
        <source>Search results</source>
        <translation>Arama sonuçları</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="251"/>
        <location filename="../../pos_app/ui/cashier/sale.py" line="554"/>
        <source>Quantity</source>
        <translation>Miktar</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="252"/>
        <source>Line discount</source>
        <translation>Satır indirimi</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="253"/>
        <source>Sale discount</source>
        <translation>Satış indirimi</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="254"/>
        <source>Change price</source>
        <translation>Fiyat değiştir</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="255"/>
        <source>Delete line</source>
        <translation>Satırı sil</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="256"/>
        <location filename="../../pos_app/ui/cashier/sale.py" line="657"/>
        <source>Void sale</source>
        <translation>Satışı iptal</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="257"/>
        <source>Park sale</source>
        <translation>Beklet</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="258"/>
        <source>Resume</source>
        <translation>Bekleyenler</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="259"/>
        <source>Return</source>
        <translation>İade</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="260"/>
        <source>Close shift</source>
        <translation>Vardiya kapat</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="265"/>
        <source>Pay  (F12)</source>
        <translation>Ödeme  (F12)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="265"/>
        <location filename="../../pos_app/ui/cashier/sale.py" line="281"/>
        <location filename="../../pos_app/ui/cashier/sale.py" line="282"/>
        <source>Pay</source>
        <translation>Ödeme</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="266"/>
        <source>Total</source>
        <translation>Toplam</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="273"/>
        <source>Search products by name, code or barcode</source>
        <translation>Ürünü ad, kod veya barkodla ara</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="274"/>
        <source>Quantity or weight of the selected line</source>
        <translation>Seçili satırın miktarı veya ağırlığı</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="275"/>
        <source>Discount on the selected line</source>
        <translation>Seçili satıra indirim</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="276"/>
        <location filename="../../pos_app/ui/cashier/sale.py" line="618"/>
        <source>Discount on the whole sale</source>
        <translation>Satışın tamamına indirim</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="277"/>
        <source>Change the price of the selected line</source>
        <translation>Seçili satırın fiyatını değiştir</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="278"/>
        <source>Park the sale</source>
        <translation>Satışı beklemeye al</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="279"/>
        <source>Resume a parked sale</source>
        <translation>Bekleyen satışa devam et</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="280"/>
        <source>Return or exchange</source>
        <translation>İade veya değişim</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="283"/>
        <source>Delete the selected line</source>
        <translation>Seçili satırı sil</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="284"/>
        <source>Void the whole sale</source>
        <translation>Satışın tamamını iptal et</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="285"/>
        <source>One more / one less of the selected line</source>
        <translation>Seçili satırda bir fazla / bir eksik</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="286"/>
        <source>Select a line, or move in the search results</source>
        <translation>Satır seçin veya arama sonuçlarında gezinin</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="287"/>
        <source>Clear the search</source>
        <translation>Aramayı temizle</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="288"/>
        <source>Close the shift</source>
        <translation>Vardiyayı kapat</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="304"/>
        <source>Items: {count}</source>
        <translation>Ürün: {count}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="308"/>
        <source>Discounts: {amount}</source>
        <translation>İndirimler: {amount}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="313"/>
        <source>incl. VAT {amount}</source>
        <translation>KDV (dahil) {amount}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="320"/>
        <source>Exchange: {amount} credit from returned goods</source>
        <translation>Değişim: iade edilen ürünlerden {amount} alacak</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="384"/>
        <location filename="../../pos_app/ui/cashier/sale.py" line="554"/>
        <source>Weight</source>
        <translation>Ağırlık</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="385"/>
        <location filename="../../pos_app/ui/cashier/sale.py" line="556"/>
        <source>Weight of {name} in kg</source>
        <translation>{name} ağırlığı (kg)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="463"/>
        <source>★ Favourites</source>
        <translation>★ Favoriler</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="522"/>
        <source>No favourites yet: they fill from the best sellers.</source>
        <translation>Henüz favori yok: en çok satanlarla dolacak.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="542"/>
        <location filename="../../pos_app/ui/cashier/sale.py" line="614"/>
        <source>Add an item first.</source>
        <translation>Önce bir ürün ekleyin.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="556"/>
        <source>How many of {name}?</source>
        <translation>{name} kaç adet?</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="606"/>
        <source>Discount on {name}</source>
        <translation>{name} için indirim</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="658"/>
        <source>Remove every item and start again? This is recorded.</source>
        <translation>Tüm ürünler silinip baştan başlansın mı? Bu işlem kaydedilir.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="672"/>
        <source>Sale parked. F8 brings it back.</source>
        <translation>Satış beklemeye alındı. F8 ile geri çağırabilirsiniz.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sale.py" line="676"/>
        <source>Park or finish the current sale first.</source>
        <translation>Önce mevcut satışı beklemeye alın veya bitirin.</translation>
    </message>
</context>
<context>
    <name>ShiftCloseScreen</name>
    <message>
        <location filename="../../pos_app/ui/cashier/shift.py" line="452"/>
        <location filename="../../pos_app/ui/cashier/shift.py" line="471"/>
        <source>Close shift</source>
        <translation>Vardiyayı kapat</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/shift.py" line="454"/>
        <source>Count the notes and coins in the drawer and enter how many of each there are.</source>
        <translation>Çekmecedeki banknot ve madeni paraları sayın, her birinden kaç adet olduğunu girin.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/shift.py" line="456"/>
        <source>Notes</source>
        <translation>Banknotlar</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/shift.py" line="457"/>
        <source>Coins</source>
        <translation>Madeni paralar</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/shift.py" line="462"/>
        <source>Number of {value} notes</source>
        <translation>{value} banknot adedi</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/shift.py" line="464"/>
        <source>Number of {value} coins</source>
        <translation>{value} madeni para adedi</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/shift.py" line="469"/>
        <location filename="../../pos_app/ui/cashier/shift.py" line="475"/>
        <source>Counted</source>
        <translation>Sayılan</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/shift.py" line="470"/>
        <source>Cancel</source>
        <translation>İptal</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/shift.py" line="473"/>
        <source>Shift closed</source>
        <translation>Vardiya kapatıldı</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/shift.py" line="474"/>
        <source>Expected in the drawer</source>
        <translation>Çekmecede olması gereken</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/shift.py" line="476"/>
        <source>Continue</source>
        <translation>Devam</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/shift.py" line="494"/>
        <source>Balanced: {amount}</source>
        <translation>Kasa denk: {amount}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/shift.py" line="496"/>
        <source>Short: {amount}</source>
        <translation>Kasa açığı: {amount}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/shift.py" line="498"/>
        <source>Over: +{amount}</source>
        <translation>Kasa fazlası: +{amount}</translation>
    </message>
</context>
<context>
    <name>ShiftOpenScreen</name>
    <message>
        <location filename="../../pos_app/ui/cashier/shift.py" line="185"/>
        <location filename="../../pos_app/ui/cashier/shift.py" line="191"/>
        <source>Open shift</source>
        <translation>Vardiya aç</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/shift.py" line="187"/>
        <source>Signed in: {name}</source>
        <translation>Giriş yapan: {name}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/shift.py" line="188"/>
        <source>Opening float: the cash in the drawer now</source>
        <translation>Açılış nakdi: şu an çekmecedeki nakit</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/shift.py" line="190"/>
        <source>Opening float</source>
        <translation>Açılış nakdi</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/shift.py" line="192"/>
        <source>Sign out</source>
        <translation>Çıkış yap</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/shift.py" line="213"/>
        <source>Enter the cash in the drawer, for example {example}.</source>
        <translation>Çekmecedeki nakdi girin, örneğin {example}.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/shift.py" line="217"/>
        <source>&quot;{text}&quot; is not an amount. Type digits, for example {example}.</source>
        <translation>&quot;{text}&quot; bir tutar değil. Rakam girin, örneğin {example}.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/shift.py" line="221"/>
        <source>Amounts have at most two decimals.</source>
        <translation>Tutarlarda en fazla iki ondalık basamak olabilir.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/shift.py" line="223"/>
        <source>The float cannot be negative.</source>
        <translation>Açılış nakdi negatif olamaz.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/shift.py" line="224"/>
        <source>That amount is too large for a float.</source>
        <translation>Bu tutar açılış nakdi için çok büyük.</translation>
    </message>
</context>
<context>
    <name>SignInScreen</name>
    <message>
        <location filename="../../pos_app/ui/cashier/signin.py" line="90"/>
        <location filename="../../pos_app/ui/cashier/signin.py" line="102"/>
        <source>Sign in</source>
        <translation>Giriş yap</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/signin.py" line="91"/>
        <source>Tap your name, then type your PIN.</source>
        <translation>Adınıza dokunun, sonra PIN&apos;inizi girin.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/signin.py" line="93"/>
        <source>Cashier</source>
        <translation>Kasiyer</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/signin.py" line="94"/>
        <source>Supervisor</source>
        <translation>Sorumlu</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/signin.py" line="95"/>
        <source>Manager</source>
        <translation>Müdür</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/signin.py" line="101"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/signin.py" line="102"/>
        <source>Sign in (Enter)</source>
        <translation>Giriş yap (Enter)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/signin.py" line="130"/>
        <source>Who is signing in?</source>
        <translation>Kim giriş yapıyor?</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/signin.py" line="132"/>
        <source>PIN for {name}</source>
        <translation>{name} için PIN</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/signin.py" line="139"/>
        <source>Tap your name first.</source>
        <translation>Önce adınıza dokunun.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/signin.py" line="153"/>
        <source>{count} tries left.</source>
        <translation>{count} deneme hakkı kaldı.</translation>
    </message>
</context>
<context>
    <name>StatusPanel</name>
    <message>
        <location filename="../../pos_app/ui/cashier/status.py" line="116"/>
        <source>Sync: {state}</source>
        <translation>Eşitleme: {state}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/status.py" line="123"/>
        <source>Signed out</source>
        <translation>Oturum kapalı</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/status.py" line="126"/>
        <source>No shift open</source>
        <translation>Açık vardiya yok</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/status.py" line="131"/>
        <source>Shift since {time}</source>
        <translation>Vardiya başlangıcı: {time}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/status.py" line="145"/>
        <source>Did {count} receipt(s) print? Check</source>
        <translation>{count} fiş basıldı mı? Kontrol edin</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/status.py" line="149"/>
        <source>Receipts waiting: {count}</source>
        <translation>Bekleyen fiş: {count}</translation>
    </message>
</context>
<context>
    <name>StockDialog</name>
    <message>
        <location filename="../../pos_app/ui/cashier/stock.py" line="75"/>
        <source>Stock look-up</source>
        <translation>Stok sorgu</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/stock.py" line="76"/>
        <source>Close (Esc)</source>
        <translation>Kapat (Esc)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/stock.py" line="76"/>
        <source>Close</source>
        <translation>Kapat</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/stock.py" line="79"/>
        <source>Scan, or type a barcode, SKU or name</source>
        <translation>Okutun ya da barkod, stok kodu veya ad yazın</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/stock.py" line="80"/>
        <source>Search stock</source>
        <translation>Stok ara</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/stock.py" line="82"/>
        <source>Items found</source>
        <translation>Bulunan ürünler</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/stock.py" line="85"/>
        <source>Where</source>
        <translation>Nerede</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/stock.py" line="86"/>
        <source>On hand</source>
        <translation>Eldeki</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/stock.py" line="87"/>
        <source>Reserved</source>
        <translation>Ayrılan</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/stock.py" line="88"/>
        <source>Available</source>
        <translation>Satılabilir</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/stock.py" line="89"/>
        <source>As of</source>
        <translation>Tarih</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/stock.py" line="92"/>
        <source>Stock by store</source>
        <translation>Mağazalara göre stok</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/stock.py" line="115"/>
        <source>No item matches {query}.</source>
        <translation>{query} ile eşleşen ürün yok.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/stock.py" line="153"/>
        <source>Here {store}</source>
        <translation>Burada {store}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/stock.py" line="156"/>
        <source>Online (web shop)</source>
        <translation>Çevrimiçi (web mağazası)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/stock.py" line="173"/>
        <source>Sold or moved here since the last sync: {qty}.</source>
        <translation>Son eşitlemeden beri burada satılan ya da hareket eden: {qty}.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/stock.py" line="179"/>
        <source>These figures are {age}: the network may be down.</source>
        <translation>Bu rakamlar {age}: ağ kesik olabilir.</translation>
    </message>
</context>
<context>
    <name>Sync</name>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="87"/>
        <source>Stand-alone</source>
        <translation>Yalnız bu kasa</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="89"/>
        <source>last sync {time}</source>
        <translation>son eşitleme {time}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="108"/>
        <source>Downloading the catalogue…</source>
        <translation>Katalog indiriliyor…</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="110"/>
        <source>Online</source>
        <translation>Çevrimiçi</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="112"/>
        <source>not synced yet</source>
        <translation>henüz eşitlenmedi</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="115"/>
        <source>Offline: sales are kept</source>
        <translation>Çevrimdışı: satışlar kaydediliyor</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="118"/>
        <source>Offline — sales are kept and sent when the connection returns</source>
        <translation>Çevrimdışı — satışlar kaydediliyor, bağlantı gelince gönderilecek</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="125"/>
        <location filename="../../pos_app/ui/cashier/sync.py" line="128"/>
        <source>Connecting…</source>
        <translation>Bağlanılıyor…</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="130"/>
        <source>Not synced yet</source>
        <translation>Henüz eşitlenmedi</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="133"/>
        <source>{count} pending</source>
        <translation>{count} bekliyor</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="98"/>
        <source>{count} rejected</source>
        <translation>{count} reddedildi</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="103"/>
        <source>clock off by {minutes} min</source>
        <translation>saat {minutes} dk farklı</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="143"/>
        <source>This till is not enrolled with a backend: sales stay on this till.</source>
        <translation>Bu kasa bir merkez sunucuya kayıtlı değil: satışlar bu kasada kalır.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="148"/>
        <source>Check this till&apos;s date and time.</source>
        <translation>Bu kasanın tarih ve saatini kontrol edin.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="151"/>
        <source>Last error: {error}</source>
        <translation>Son hata: {error}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="155"/>
        <source>Click for sync problems (Ctrl+Y)</source>
        <translation>Eşitleme sorunları için dokunun (Ctrl+Y)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="162"/>
        <source>Sale</source>
        <translation>Satış</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="163"/>
        <source>Refund</source>
        <translation>İade</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="164"/>
        <source>Shift close</source>
        <translation>Vardiya kapanışı</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="165"/>
        <source>Stock adjustment</source>
        <translation>Stok düzeltmesi</translation>
    </message>
</context>
<context>
    <name>SyncProblemsDialog</name>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="328"/>
        <source>Sync</source>
        <translation>Eşitleme</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="329"/>
        <source>Sync with the backend</source>
        <translation>Merkez sunucuyla eşitleme</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="330"/>
        <source>Close (Esc)</source>
        <translation>Kapat (Esc)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="330"/>
        <source>Close</source>
        <translation>Kapat</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="331"/>
        <location filename="../../pos_app/ui/cashier/sync.py" line="413"/>
        <source>Sync now (F5)</source>
        <translation>Şimdi eşitle (F5)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="331"/>
        <location filename="../../pos_app/ui/cashier/sync.py" line="413"/>
        <source>Sync now</source>
        <translation>Şimdi eşitle</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="335"/>
        <source>State</source>
        <translation>Durum</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="336"/>
        <source>Waiting to send</source>
        <translation>Gönderilmeyi bekleyen</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="337"/>
        <source>Server</source>
        <translation>Sunucu</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="338"/>
        <source>Last error</source>
        <translation>Son hata</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="344"/>
        <source>Time</source>
        <translation>Saat</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="344"/>
        <source>What</source>
        <translation>Tür</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="344"/>
        <source>Receipt</source>
        <translation>Fiş</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="344"/>
        <source>Reason</source>
        <translation>Neden</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="346"/>
        <source>Records the backend rejected</source>
        <translation>Merkezin reddettiği kayıtlar</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="347"/>
        <location filename="../../pos_app/ui/cashier/sync.py" line="396"/>
        <location filename="../../pos_app/ui/cashier/sync.py" line="406"/>
        <source>No sync problems</source>
        <translation>Eşitleme sorunu yok</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="368"/>
        <source>Check this till&apos;s date and time.</source>
        <translation>Bu kasanın tarih ve saatini kontrol edin.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="371"/>
        <source>{count} record(s)</source>
        <translation>{count} kayıt</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="374"/>
        <source>No backend set up</source>
        <translation>Merkez sunucu ayarlanmamış</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="376"/>
        <source>None</source>
        <translation>Yok</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="394"/>
        <source>This till is not enrolled with a backend: sales stay on this till.</source>
        <translation>Bu kasa bir merkez sunucuya kayıtlı değil: satışlar bu kasada kalır.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="400"/>
        <source>The backend refused these records. They stay on this till and are not sent again: show this list to your manager.</source>
        <translation>Merkez bu kayıtları reddetti. Kayıtlar bu kasada kalır ve yeniden gönderilmez: bu listeyi yöneticinize gösterin.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="411"/>
        <source>Syncing…</source>
        <translation>Eşitleniyor…</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/sync.py" line="411"/>
        <source>Syncing</source>
        <translation>Eşitleniyor</translation>
    </message>
</context>
<context>
    <name>VoucherDialog</name>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="442"/>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="443"/>
        <source>Store credit voucher</source>
        <translation>Mağaza kredi fişi</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="444"/>
        <source>Voucher code (SC-...)</source>
        <translation>Kredi fişi kodu (SC-...)</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="444"/>
        <source>Voucher code</source>
        <translation>Kredi fişi kodu</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="445"/>
        <source>Amount to use</source>
        <translation>Kullanılacak tutar</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="452"/>
        <source>Balance: {amount}</source>
        <translation>Bakiye: {amount}</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/dialogs.py" line="460"/>
        <source>Type the voucher code and the amount.</source>
        <translation>Kredi fişi kodunu ve tutarı girin.</translation>
    </message>
</context>
<context>
    <name>_CountPad</name>
    <message>
        <location filename="../../pos_app/ui/cashier/shift.py" line="278"/>
        <source>Delete last digit</source>
        <translation>Son rakamı sil</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/cashier/shift.py" line="280"/>
        <source>Clear the count</source>
        <translation>Sayımı temizle</translation>
    </message>
</context>
</TS>
