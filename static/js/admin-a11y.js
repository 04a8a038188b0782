'use strict';
// Names for the admin's controls that Django leaves unnamed to a screen reader: the fields of a
// tabular inline row (headed by their column, with no <label>) and the autocomplete widgets
// (Select2 names its combobox only by the value it shows, so an empty one has no name, and its
// search box has none). Each is named by its field's <label>, or else by its column's heading.
{
    let counter = 0;

    function idOf(element) {
        element.id = element.id || `a11y-name-${++counter}`;
        return element.id;
    }

    function namer(control) {
        const label = control.id && document.querySelector(`label[for="${control.id}"]`);
        if (label) {
            return label;
        }
        const cell = control.closest('.tabular td');
        if (!cell) {
            return null;
        }
        const field = [...cell.classList].find((name) => name.startsWith('field-'));
        const heading = field ? `thead th.column-${field.slice(6)}` : 'thead th:last-child';
        return cell.closest('table').querySelector(heading);
    }

    function nameInlineFields(root) {
        root.querySelectorAll('.tabular td :is(input:not([type="hidden"]), select, textarea)')
            .forEach((control) => {
                if (control.labels.length || control.closest('.select2')) {
                    return;
                }
                const heading = namer(control);
                if (heading) {
                    control.setAttribute('aria-labelledby', idOf(heading));
                }
            });
    }

    // Select2 puts its "clear all" × inside the list of chosen values, where only list items
    // belong; beside the list it clears the same (its handler is on the whole widget). Select2
    // drops it by emptying the list and draws a new one there, so the one moved out goes then.
    function moveClear(widget, select) {
        const list = widget.querySelector('ul.select2-selection__rendered');
        if (!list) {
            return;
        }
        const fresh = list.querySelector(':scope > .select2-selection__clear');
        const moved = [...widget.querySelectorAll('.select2-selection__clear')]
            .filter((clear) => clear.parentElement !== list);
        if (fresh || !select.selectedOptions.length) {
            moved.forEach((clear) => clear.remove());
        }
        if (fresh) {
            list.before(fresh);
        }
    }

    function nameAutocompletes(root) {
        root.querySelectorAll('select.admin-autocomplete').forEach((select) => {
            const widget = select.nextElementSibling;
            const heading = namer(select);
            if (!widget || !widget.classList.contains('select2') || !heading) {
                return;
            }
            const name = idOf(heading);
            const combobox = widget.querySelector('[role="combobox"]');
            const shown = widget.querySelector('.select2-selection__rendered[id]');
            // Read as "<label> <value>"; the value's own box is named by the label.
            combobox.setAttribute('aria-labelledby', shown ? `${name} ${shown.id}` : name);
            if (shown) {
                shown.setAttribute('aria-labelledby', name);
            }
            const redrawn = () => {
                widget.querySelectorAll('.select2-search__field').forEach((search) => {
                    search.setAttribute('aria-labelledby', name);
                });
                moveClear(widget, select);
            };
            redrawn();
            // Select2 draws the chosen values again after every change, sometimes later.
            new MutationObserver(redrawn).observe(combobox, {childList: true, subtree: true});
        });
    }

    function nameAll(root) {
        nameInlineFields(root);
        if (window.django && django.jQuery) {
            nameAutocompletes(root);
        }
    }

    // Django's autocomplete.js turns the selects into Select2 when jQuery finds the document
    // ready, and a new inline row's when the row is added; both listeners were registered
    // before these (this script is deferred), so these run after them.
    if (window.django && django.jQuery) {
        django.jQuery(() => nameAll(document));
    } else {
        document.addEventListener('DOMContentLoaded', () => nameAll(document));
    }
    document.addEventListener('formset:added', (event) => nameAll(event.target));
}
