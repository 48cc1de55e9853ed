package dev.tracery.it.db;

import dev.tracery.Traced;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/** Plain JPA code, nothing of Tracery in it but {@code @Traced}. */
@ApplicationScoped
@Traced
public class NoteStore {

  @PersistenceContext(unitName = "notes")
  EntityManager entityManager;

  @Transactional
  public long add(String text) {
    Note note = new Note(text);
    entityManager.persist(note);
    entityManager.flush();
    return note.id();
  }

  /** Stores a note, then fails: the transaction is rolled back and the note is not kept. */
  @Transactional
  public long addThenFail(String text) {
    add(text);
    throw new IllegalStateException("refused after the insert");
  }

  /** A JPQL query with a literal in it: the literal must not appear in the span. */
  public long countVisible() {
    return entityManager
        .createQuery("select count(n) from Note n where n.text <> 'hidden-literal-42'", Long.class)
        .getSingleResult();
  }
}
