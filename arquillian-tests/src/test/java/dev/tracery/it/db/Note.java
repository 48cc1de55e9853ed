package dev.tracery.it.db;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of the test's table. */
@Entity
@Table(name = "IT_NOTES")
public class Note {

  @Id @GeneratedValue private Long id;

  private String text;

  protected Note() {}

  public Note(String text) {
    this.text = text;
  }

  public Long id() {
    return id;
  }
}
