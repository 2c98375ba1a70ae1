from sitrantib.core.navigation import menu


def test_menu_marks_the_module_of_the_current_page_active():
    def active(path):
        return [m.key for m, _url, is_active in menu(path)["ready"] if is_active]

    assert active("/") == ["home"]
    assert active("/linmas/anggota/5/") == ["linmas"]
    assert active("/sistem/log-audit/") == []
