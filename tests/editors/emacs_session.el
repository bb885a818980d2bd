;;; emacs_session.el --- drive the real server from Emacs 28 + eglot (batch) and print what Emacs saw  -*- lexical-binding: t -*-
;; Environment: JOB_FILE (a copy of the example job), SERVER_PYTHON.  Prints one JSON line.
;; A batch Emacs is never idle, so the idle timers eglot and flymake wait for are run by hand
;; after each edit, as they would run while a user pauses.
(require 'package)
(package-initialize)
(require 'eglot)
(require 'yaml-mode)
(require 'json)
(require 'cl-lib)

(defvar result nil)
(defun note (key value) (push (cons key value) result))

(defun run-idle-timers ()
  (dolist (timer (copy-sequence timer-idle-list))
    (ignore-errors (timer-event-handler timer))))

(defun wait-until (seconds predicate)
  (let ((end (+ (float-time) seconds)) done)
    (while (and (not (setq done (funcall predicate))) (< (float-time) end))
      (accept-process-output nil 0.05)
      (run-idle-timers))
    done))

(defun diagnostics-now ()
  (mapcar (lambda (d)
            (list (cons 'text (flymake-diagnostic-text d))
                  (cons 'line (line-number-at-pos (flymake-diagnostic-beg d)))
                  (cons 'type (symbol-name (flymake-diagnostic-type d)))))
          (flymake-diagnostics)))

(defun goto-line-end (regexp)
  (goto-char (point-min))
  (re-search-forward regexp)
  (end-of-line))

(let ((python (getenv "SERVER_PYTHON")))
  (add-to-list 'eglot-server-programs `(yaml-mode . (,python "-m" "automl_job_ls.cli" "serve"))))
(setq eglot-sync-connect 10 eglot-connect-timeout 30 eldoc-idle-delay 0 flymake-no-changes-timeout 0.1)

(condition-case err
    (progn
      (find-file (getenv "JOB_FILE"))
      (yaml-mode)
      ;; What `eglot-ensure' does after the next command (a batch Emacs runs none).
      (apply #'eglot (eglot--guess-contact))
      (run-idle-timers)
      (note 'connected (and (wait-until 30 (lambda () (eglot-current-server))) t))
      ;; 1. Diagnostics: the example is clean; a misspelled key gets its error.
      (wait-until 10 (lambda () (and (bound-and-true-p flymake-mode) (flymake-running-backends))))
      (note 'initial (diagnostics-now))
      (goto-line-end "^  evaluation_frequency: 1")
      (insert "\n  lerning_rate: 0.01")
      (eglot--signal-textDocument/didChange)
      (wait-until 15 (lambda () (cl-some (lambda (d) (string-match-p "lerning_rate" (flymake-diagnostic-text d))) (flymake-diagnostics))))
      (note 'after_edit (diagnostics-now))
      ;; 2. A code action at that key: the rename, applied to the buffer.
      (goto-char (point-min))
      (re-search-forward "lerning_rate")
      (goto-char (match-beginning 0))
      (let* ((actions (eglot-code-actions (point) (1+ (point))))
             (titles (mapcar (lambda (a) (plist-get a :title)) actions)))
        (note 'actions titles)
        ;; Picked from the minibuffer menu (a keyboard user), as typing the first title.
        (let ((last-nonmenu-event ?\r))
          (cl-letf (((symbol-function 'completing-read) (lambda (&rest _) (car titles))))
            (eglot--read-execute-code-action actions (eglot-current-server)))))
      (note 'fixed_line (buffer-substring-no-properties (line-beginning-position) (line-end-position)))
      ;; 3. Completion at `model_name: `.
      (goto-line-end "^  learning_rate: 0.01")
      (insert "\n  model_name: ")
      (eglot--signal-textDocument/didChange)
      (let* ((capf (eglot-completion-at-point))
             (table (nth 2 capf))
             (labels (all-completions "" table)))
        (note 'completion labels)
        ;; What the *Completions* list shows beside each label (eglot's annotation: the detail).
        (note 'annotation (funcall (plist-get (nthcdr 3 capf) :annotation-function) (car labels))))
      ;; 4. Hover on `evaluation_frequency`, rendered as eglot shows it.
      (goto-char (point-min))
      (re-search-forward "^  evaluation_frequency")
      (goto-char (+ (match-beginning 0) 4))
      (let ((hover (jsonrpc-request (eglot-current-server) :textDocument/hover (eglot--TextDocumentPositionParams))))
        (note 'hover (eglot--hover-info (plist-get hover :contents) (plist-get hover :range)))))
  (error (note 'error (format "%S" err))))

(princ (concat (json-encode result) "\n"))
(ignore-errors (eglot-shutdown (eglot-current-server)))
(kill-emacs 0)
