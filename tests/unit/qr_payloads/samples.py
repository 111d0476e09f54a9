"""Real-format samples of every QR a ward meets (vn-formats §1, §4, §5.5, §6.4)."""

from __future__ import annotations

from devices.simulated.citizens import BA_LAN, CHU_TU

# vn-formats §1.2: a 2024 card ends with four empty fields; device-peers §5's long payload.
CARD_2021 = BA_LAN.card_qr
CARD_2024 = CHU_TU.card_qr + "||||"
CARD_PEERS = (
    "001089012345|123456789|Nguyễn Văn Án|01011989|Nam|"
    "Số 12 Ngõ 34, Phường Trúc Bạch, Quận Ba Đình, Hà Nội|15062021"
)
# Circular 01/2018 Art. 19 structure, the simulated portal's ward codes, the BHXH style.
DOSSIER_STRICT = "000.00.31.H29-261123-0001"
DOSSIER_WARD = "H29.12-251123-0001"
DOSSIER_BHXH = "12345/2025/67890"
PROCEDURE_URL = (
    "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-nganh-doc.html?ma_thu_tuc=1.001193"
)
RECEIPT_JSON = (
    '{"maHoSo":"H29.12-251123-0001","maTTHC":"1.001193","chuHoSo":"001089012345",'
    '"tenGiayTo":"Giấy tiếp nhận hồ sơ và hẹn trả kết quả","heThong":"Hệ thống giải quyết TTHC",'
    '"thoiGian":"2025-11-23T10:15:00+07:00","ngayHenTra":"2025-12-05",'
    '"traCuu":"https://dichvucong.gov.vn/tra-cuu?maHoSo=H29.12-251123-0001"}'
)
RECEIPT_URL = (
    "https://motcua.example.gov.vn/tra-cuu-ho-so?maHoSo=H29.12-251123-0001&maTTHC=2.000986"
)
RECEIPT_PIPE = (
    "H29.12-251123-0001|1.001193|001089012345|Giấy tiếp nhận hồ sơ|Một cửa điện tử|"
    "23/11/2025 10:15|05/12/2025"
)
RECEIPT_PAIRS = "MaHoSo: H29.12-251123-0001; MaTTHC: 1.001193; NgayHenTra: 05/12/2025"
VNEID_URL = "https://vneid.gov.vn/qr-login?sessionId=7f3a9c21&client=dvcqg"
VNEID_APP = "vneid://login?token=ab12cd34"
VNEID_JSON = '{"type":"VNEID_LOGIN","requestId":"5c1e","issuer":"Bộ Công an"}'
