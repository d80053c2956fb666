from conftest import BulletinRepo


def test_a_valid_item_is_clean(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item()
    assert bulletin_repo.codes() == []
