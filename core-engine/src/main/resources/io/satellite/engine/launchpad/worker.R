# Satellite R worker. Runs one job per process: reads the job (script, parameters, input
# rows) as binary frames, runs the script in the global environment, writes the result
# frames. Modes (see PROTOCOL.md next to this file):
#   worker.R job <results-pipe>   job on stdin, printed output on stdout/stderr (cold start)
#   worker.R zygote               loads once, then forks one child per "FORK <slot-dir> [<uid>]" line
local({
  args <- commandArgs(trailingOnly = TRUE)
  inCon <- NULL
  outCon <- NULL
  outPath <- NULL
  # The results pipe is opened only when the result is ready: opening a FIFO for writing
  # waits for its reader, and the engine reads only after it has sent all the input.
  openResults <- function() {
    if (is.null(outCon)) outCon <<- file(outPath, "wb", raw = TRUE)
  }
  chunkRows <- 10000L
  NA_DOUBLE_BITS <- NA_real_

  readInt <- function(n = 1L) readBin(inCon, "integer", n, size = 4L)
  readDouble <- function(n) readBin(inCon, "double", n, size = 8L)
  readString <- function() {
    len <- readInt()
    if (length(len) == 0L) stop("protocol: unexpected end of input")
    if (len == 0L) return("")
    s <- rawToChar(readBin(inCon, "raw", len))
    Encoding(s) <- "UTF-8"
    s
  }
  writeInt <- function(x) writeBin(as.integer(x), outCon, size = 4L)
  writeString <- function(s) {
    b <- charToRaw(enc2utf8(as.character(s)))
    writeInt(length(b)); writeBin(b, outCon)
  }

  readColumn <- function(type, n) {
    switch(type,
      readInt(n),                                        # 1 INT
      readDouble(n),                                     # 2 DOUBLE
      {                                                  # 3 STRING
        na <- readBin(inCon, "raw", n) != as.raw(0L)
        v <- readBin(inCon, "character", n)
        Encoding(v) <- "UTF-8"
        v[na] <- NA_character_
        v
      },
      as.logical(readInt(n)),                            # 4 LOGICAL
      readDouble(n),                                     # 5 DATE (days)
      readDouble(n),                                     # 6 TIMESTAMP (seconds, UTC)
      {                                                  # 7 BINARY
        lens <- readInt(n)
        bytes <- readBin(inCon, "raw", sum(pmax(lens, 0L)))
        ends <- cumsum(pmax(lens, 0L)); starts <- ends - pmax(lens, 0L)
        lapply(seq_len(n), function(i)
          if (lens[[i]] < 0L) NULL else bytes[seq_len(lens[[i]]) + starts[[i]]])
      },
      stop("protocol: unknown column type ", type))
  }
  finishColumn <- function(type, parts) {
    v <- if (type == 7L) do.call(c, parts) else unlist(parts, use.names = FALSE)
    if (is.null(v)) v <- switch(type, integer(), numeric(), character(), logical(),
                                numeric(), numeric(), list())
    if (type == 5L) v <- structure(v, class = "Date")
    if (type == 6L) v <- .POSIXct(v, tz = "UTC")
    v
  }
  scalar <- function(type, v) {
    if (type == 7L) v[[1L]] else v
  }

  wireType <- function(x, what) {
    if (is.factor(x)) return(3L)
    if (inherits(x, "Date")) return(5L)
    if (inherits(x, "POSIXt")) return(6L)
    if (is.list(x)) {
      ok <- all(vapply(x, function(e) is.null(e) || is.raw(e), TRUE))
      if (ok) return(7L)
      stop(what, " is a list column; only lists of raw vectors (binary) can be returned")
    }
    if (is.raw(x)) return(7L)
    if (is.logical(x)) return(4L)
    if (is.integer(x)) return(1L)
    if (is.double(x)) return(2L)
    if (is.character(x)) return(3L)
    stop(what, " has R type '", class(x)[[1L]], "', which has no SQL type")
  }
  writeColumn <- function(type, x) {
    switch(type,
      writeBin(as.integer(x), outCon, size = 4L),
      writeBin(as.double(x), outCon, size = 8L),
      {
        x <- as.character(x)
        na <- is.na(x)
        writeBin(as.raw(na), outCon)
        x[na] <- ""
        writeBin(enc2utf8(x), outCon)
      },
      writeBin(as.integer(x), outCon, size = 4L),
      writeBin(as.double(unclass(x)), outCon, size = 8L),
      writeBin(as.double(as.POSIXct(x)), outCon, size = 8L),
      {
        if (is.raw(x)) x <- list(x)
        lens <- vapply(x, function(e) if (is.null(e)) -1L else length(e), 1L)
        writeBin(lens, outCon, size = 4L)
        writeBin(unlist(x, use.names = FALSE), outCon)
      })
  }
  coerceParam <- function(type, v) {
    if (is.null(v)) v <- NA
    if (type == 7L) return(if (length(v) == 1L && is.na(v)[[1L]] && !is.raw(v)) list(NULL) else list(as.raw(v)))
    if (length(v) != 1L) stop("OUTPUT parameter must be a single value, not a vector of length ", length(v))
    switch(type, as.integer(v), as.double(v), as.character(v), as.logical(v),
           as.Date(v), as.POSIXct(v, tz = "UTC"))
  }

  runJob <- function(afterScript) {
    ## --- read the job ---
    magic <- rawToChar(readBin(inCon, "raw", 4L))
    if (!identical(magic, "SATJ")) stop("protocol: bad job frame")
    version <- readInt()
    script <- readString()
    inputName <- readString()
    outputName <- readString()
    if (version >= 2L) {
      libraries <- readString()
      if (nzchar(libraries)) .libPaths(c(strsplit(libraries, "\n", fixed = TRUE)[[1]], .libPaths()))
    }
    nParams <- readInt()
    params <- vector("list", nParams)
    for (i in seq_len(nParams)) {
      name <- readString(); type <- readInt(); isOutput <- readInt() == 1L
      value <- scalar(type, finishColumn(type, list(readColumn(type, 1L))))
      params[[i]] <- list(name = name, type = type, output = isOutput)
      assign(name, value, envir = globalenv())
    }
    nCols <- readInt()
    names <- character(nCols); types <- integer(nCols)
    for (j in seq_len(nCols)) { names[[j]] <- readString(); types[[j]] <- readInt() }
    parts <- vector("list", nCols)
    for (j in seq_len(nCols)) parts[[j]] <- list()
    k <- 0L
    repeat {
      n <- readInt()
      if (length(n) == 0L) stop("protocol: input ended before its last chunk")
      if (n == 0L) break
      k <- k + 1L
      for (j in seq_len(nCols)) parts[[j]][[k]] <- readColumn(types[[j]], n)
    }
    cols <- lapply(seq_len(nCols), function(j) finishColumn(types[[j]], parts[[j]]))
    rm(parts)
    names(cols) <- names
    for (j in which(types == 7L)) cols[[j]] <- I(cols[[j]])
    input <- as.data.frame(cols, stringsAsFactors = FALSE, optional = TRUE)
    rm(cols)
    assign(inputName, input, envir = globalenv())
    rm(input)

    ## --- run the script ---
    failure <- NULL
    tryCatch(
      withCallingHandlers({
        exprs <- parse(text = script, keep.source = FALSE)
        for (e in exprs) eval(e, envir = globalenv())
      }, warning = function(w) {
        message("Warning: ", conditionMessage(w))
        invokeRestart("muffleWarning")
      }),
      error = function(e) {
        call <- conditionCall(e)
        failure <<- if (is.null(call) || identical(deparse(call)[[1L]], "eval(e, envir = globalenv())"))
          conditionMessage(e) else paste0("Error in ", deparse(call)[[1L]], ": ", conditionMessage(e))
      })

    ## --- validate and describe the output before a single byte of it is sent ---
    out <- NULL
    outTypes <- integer()
    paramTypes <- list()
    status <- 1L
    if (is.null(failure)) {
      status <- 2L  # a failure from here on is the output's, not the script's
      failure <- tryCatch({
        if (exists(outputName, envir = globalenv(), inherits = FALSE)) {
          out <- get(outputName, envir = globalenv())
          if (!is.null(out) && !is.data.frame(out))
            stop(outputName, " must be a data.frame, but the script set it to ",
                 paste(class(out), collapse = "/"))
          if (!is.null(out)) {
            outTypes <- vapply(seq_along(out), function(j)
              wireType(out[[j]], paste0("column '", names(out)[[j]], "' of ", outputName)), 1L)
          }
        }
        for (p in params) if (p$output) {
          v <- if (exists(p$name, envir = globalenv())) get(p$name, envir = globalenv()) else NULL
          paramTypes[[p$name]] <- coerceParam(p$type, v)
        }
        NULL
      }, error = function(e) conditionMessage(e))
    }
    # Everything the script printed reaches the engine before the result does.
    afterScript()

    openResults()
    writeBin(charToRaw("SATR"), outCon)
    if (!is.null(failure)) {
      writeInt(status); writeString(failure); flush(outCon)
      return(invisible())
    }
    writeInt(0L)
    outParams <- Filter(function(p) p$output, params)
    writeInt(length(outParams))
    for (p in outParams) {
      writeString(p$name); writeInt(p$type)
      writeColumn(p$type, paramTypes[[p$name]])
    }
    if (is.null(out)) { writeInt(-1L); flush(outCon); return(invisible()) }
    writeInt(length(out))
    for (j in seq_along(out)) { writeString(names(out)[[j]]); writeInt(outTypes[[j]]) }
    total <- nrow(out)
    start <- 1L
    while (start <= total) {
      end <- min(total, start + chunkRows - 1L)
      writeInt(end - start + 1L)
      for (j in seq_along(out)) writeColumn(outTypes[[j]], out[[j]][start:end])
      start <- end + 1L
    }
    writeInt(0L)
    flush(outCon)
  }

  # The tiny C library next to this script (see satellite-become.c), where it was built.
  self <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
  becomeLib <- file.path(dirname(self[1L]), "satellite-become.so")
  if (length(self) == 1L && file.exists(becomeLib)) dyn.load(becomeLib)
  # A worker joins a new, empty session keyring: the engine's holds its user's keys. ENOSYS: the
  # kernel has none; EPERM: a seccomp filter (a container's) refuses keyrings, to the job as well.
  ownKeyring <- function() {
    k <- .C("satellite_own_keyring", result = 0L)$result
    if (!(k %in% c(0L, 1L, 38L))) stop("cannot leave the engine's session keyring (errno ", k, ")")
  }

  mode <- if (length(args) > 0L) args[[1L]] else "job"
  if (identical(mode, "job")) {
    if (is.loaded("satellite_own_keyring")) ownKeyring()
    inCon <- file("stdin", "rb")
    outPath <- args[[2L]]
    runJob(function() {
      cat("\001SATELLITE-END\n"); flush(stdout())
      cat("\001SATELLITE-END\n", file = stderr()); flush(stderr())
    })
    close(outCon)
    # The engine ends the worker together with anything the script left running in the
    # background (it lists the process tree before it kills): wait for that, but not forever.
    Sys.sleep(60)
    quit(save = "no", status = 0L)
  }
  if (!identical(mode, "zygote")) stop("usage: worker.R job <results-pipe> | worker.R zygote")

  ## --- zygote: fork a fresh child per job; the child runs exactly one job ---
  # Byte-compile the worker once here, so that no child pays for R's JIT on its first job.
  for (f in ls(environment())) {
    fn <- get(f, envir = environment())
    if (is.function(fn)) assign(f, compiler::cmpfun(fn), envir = environment())
  }
  # A small job each child runs before it waits for its real one: a fresh fork pays for
  # copying every heap page it touches (slow on these machines), so the child touches them
  # while it idles in the pool, not while a caller waits. Measured: 40 ms -> 4 ms per job.
  warmJob <- local({
    con <- rawConnection(raw(0), "wb")
    wI <- function(x) writeBin(as.integer(x), con, size = 4L)
    wS <- function(s) { b <- charToRaw(s); wI(length(b)); writeBin(b, con) }
    writeBin(charToRaw("SATJ"), con); wI(1L)
    wS("OutputDataSet <- data.frame(a = InputDataSet$a * 2L, b = InputDataSet$b)")
    wS("InputDataSet"); wS("OutputDataSet"); wI(0L)
    wI(2L); wS("a"); wI(1L); wS("b"); wI(3L)
    wI(2L); writeBin(c(1L, 2L), con, size = 4L); writeBin(as.raw(c(0L, 0L)), con); writeBin(c("x", "y"), con)
    wI(0L)
    v <- rawConnectionValue(con); close(con); v
  })
  warmUp <- function() {
    inCon <<- rawConnection(warmJob, "rb")
    outCon <<- rawConnection(raw(0), "wb")
    runJob(function() NULL)
    close(inCon); close(outCon)
    inCon <<- NULL; outCon <<- NULL
    rm(list = ls(globalenv(), all.names = TRUE), envir = globalenv())
  }
  # The zygote runs the warm-up job itself before its first fork: the base R functions a job
  # calls (data.frame, parse, ...) are lazy-loaded from their package's database on first use,
  # and what the zygote has loaded, every child inherits instead of loading it again.
  # Measured: a child's page faults before its job 1,430 -> 1,140, its CPU ~105 -> ~80 ms.
  for (i in 1:3) warmUp()
  invisible(gc())
  # The child's temporary files go to "<slot>/tmp", which the engine removes with the slot:
  # tempdir() through the C library (R cannot move it), TMPDIR for what the job starts; HOME is the slot.
  ownTempDir <- function(slot) {
    dir <- file.path(slot, "tmp")
    Sys.setenv(TMPDIR = dir, HOME = slot)
    if (!is.loaded("satellite_tempdir"))
      stop("cannot give the worker a temporary directory of its own: satellite-become.so is not next to worker.R")
    r <- .C("satellite_tempdir", dir, result = 0L)
    if (r$result != 0L) stop("cannot set the worker's tempdir() (code ", r$result, ")")
  }
  # Without a uid of its own (an engine that is not root), a child shares its uid with its
  # siblings: it confines itself with Landlock instead (see satellite-become.c), before any job code.
  confine <- function(slot) {
    if (!is.loaded("satellite_confine"))
      stop("cannot confine the worker: satellite-become.so is not next to worker.R")
    r <- .C("satellite_confine", slot, Sys.getenv("SATELLITE_READ_ONLY"),
            as.integer(Sys.getenv("SATELLITE_WORKER_NPROC", "0")), as.integer(Sys.getenv("SATELLITE_OWN_NETWORK", "0")),
            abi = 0L, result = 0L, message = strrep(" ", 300L))
    if (r$result != 0L) stop("cannot confine the worker: ", trimws(r$message))
  }
  # With a uid of its own, a child still takes a /dev/shm, IPC and loopback of its own (see satellite-become.c).
  privateView <- function(slot) {
    r <- .C("satellite_private_view", slot, as.integer(Sys.getenv("SATELLITE_OWN_NETWORK", "0")), result = 0L,
            message = strrep(" ", 300L))
    if (r$result != 0L) stop("cannot take a view of its own: ", trimws(r$message))
  }
  # "FORK <slot> <uid>": the child takes that uid before anything else, through the tiny C
  # library next to this script (R has no setuid); without it the engine sends no uid.
  become <- local({
    zygotePid <- Sys.getpid()
    function(uid) {
      if (!is.loaded("satellite_become"))
        stop("cannot take uid ", uid, ": satellite-become.so is not next to worker.R")
      r <- .C("satellite_become", as.integer(uid), as.integer(zygotePid), result = 0L,
              message = strrep(" ", 300L))
      if (r$result != 0L) stop("cannot take uid ", uid, ": ", trimws(r$message))
    }
  })
  control <- file("stdin", "r")
  repeat {
    line <- readLines(control, n = 1L)
    if (length(line) == 0L) break
    if (!startsWith(line, "FORK ")) next
    slot <- substring(line, 6L)
    uid <- NA_integer_
    if (grepl(" [0-9]+$", slot)) {
      uid <- as.integer(sub(".* ", "", slot))
      slot <- sub(" [0-9]+$", "", slot)
    }
    # A failed fork (process limit, memory) is answered, not fatal: the zygote lives on.
    child <- tryCatch(parallel:::mcfork(estranged = TRUE), error = function(e) e)
    if (inherits(child, "error")) {
      cat("NOFORK ", slot, "\t", gsub("[\r\n]+", " ", conditionMessage(child)), "\n", sep = "")
      flush(stdout())
      next
    }
    if (inherits(child, "masterProcess")) {
      # first of all, the child's own uid (no job code ever runs as the zygote's root), or
      # where it gets none, its Landlock domain
      tryCatch({
        if (is.na(uid)) confine(slot) else { become(uid); privateView(slot) }
        # fd 0, 1 and 2 are the zygote's control pipe, answer pipe and log: no job may read or
        # write them. What the job and its subprocesses print goes to output.txt, in order.
        r <- .C("satellite_own_stdio", file.path(slot, "output.txt"), result = 0L)$result
        if (r != 0L) stop("cannot leave the zygote's pipes (errno ", r, ")")
        # nor hold the engine's session keyring
        ownKeyring()
      }, error = function(e) {
        try(writeLines(paste("worker for", slot, "exits:", conditionMessage(e)), stderr()), silent = TRUE)
        parallel:::mcexit(1L)
      })
      status <- 0L
      tryCatch({
        close(control)
        ownTempDir(slot)
        setwd(slot)
        warmUp()
        inCon <- file(file.path(slot, "job.pipe"), "rb")
        outPath <- file.path(slot, "results.pipe")
        runJob(function() flush(stdout()))
        close(outCon)
        Sys.sleep(60)  # ended by the engine with its process tree, as in job mode
      }, error = function(e) {
        try(writeLines(conditionMessage(e), stderr()), silent = TRUE)
        status <<- 1L
      })
      parallel:::mcexit(status)
    }
    cat("FORKED ", slot, " ", child$pid, "\n", sep = "")
    flush(stdout())
  }
  quit(save = "no", status = 0L)
})
